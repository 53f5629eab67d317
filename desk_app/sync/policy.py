"""What each answer of the central server means — the one table, read by the desk's client and worker and
by the server itself (pure: no I/O, no clock; a server-side test checks the server answers nothing else).

Every answer is one of four verdicts, and a desk acts on the verdict only:

* ``DONE`` — 200/201 (a repeat is answered like the first time), 204 for a scan's chunk: acknowledged;
* ``NOT_YET`` — 404: the event's or scan's dossier is not on the server yet: later, not an error;
* ``REFUSED`` — 400/403/409/411/413/422: refused for good; the record needs attention (a supervisor looks),
  and it never holds up the others;
* ``OFFLINE`` — no answer, 401 (the station's credential refused: nothing can be sent, nothing is lost),
  429, a 5xx, or a status this table does not know: try again later, with backoff.

A refusal carries a :class:`Reason` keyword (``{"reason": …, "detail": …}``); the server answers each
reason with the status :data:`STATUS_OF` gives it, and the desk shows the officer :data:`OFFICER_TEXT`.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

BACKOFF_BASE_S = 5.0
BACKOFF_CAP_S = 3600.0


class Verdict(StrEnum):
    DONE = "done"
    NOT_YET = "not-yet"
    REFUSED = "refused"
    OFFLINE = "offline"


#: The statuses the server answers with, and what each means to a desk.
ANSWERS: Mapping[int, Verdict] = MappingProxyType({
    200: Verdict.DONE, 201: Verdict.DONE, 204: Verdict.DONE,
    400: Verdict.REFUSED, 403: Verdict.REFUSED, 409: Verdict.REFUSED, 411: Verdict.REFUSED,
    413: Verdict.REFUSED, 422: Verdict.REFUSED,
    404: Verdict.NOT_YET,
    401: Verdict.OFFLINE, 429: Verdict.OFFLINE, 500: Verdict.OFFLINE, 502: Verdict.OFFLINE,
    503: Verdict.OFFLINE, 504: Verdict.OFFLINE,
})  # fmt: skip

#: A batch the server would not take as a batch (an older server without ``POST /v1/batch``, or a batch
#: it finds malformed or too large as a whole): its records go one by one, each answered on its own.
NOT_BATCHED = frozenset({400, 404, 405, 413, 422})


def verdict(status: int) -> Verdict:
    """The verdict of an HTTP status; one this desk does not know means "later" (never "refused")."""
    return ANSWERS.get(status, Verdict.OFFLINE)


class Reason(StrEnum):
    """Why the server refused: the keyword in its answer's ``reason``."""

    CONTENT = "content"  # this UUID was received before with other content
    CODE = "code"  # the dossier code belongs to another dossier of the agency
    HASH = "hash"  # the content hash does not match the payload
    PAYLOAD = "payload"  # a payload without the fields the server keys on, or of the wrong type
    AGENCY = "agency"  # a dossier code of another agency than the caller's
    DESK = "desk"  # a dossier code outside the caller's desk block
    OWNER = "owner"  # an event or scan for a dossier the caller did not send
    KIND = "kind"  # an event kind the life-cycle does not know
    STATUS = "status"  # a status the life-cycle does not know
    NOT_YET = "not-yet"  # the record's dossier is not on the server yet
    TOKEN = "token"  # enrolment: the token is unknown, used or expired
    STATION = "station"  # enrolment: the token was issued for another agency or desk
    TAKEN = "taken"  # enrolment: that agency's desk is enrolled already (a replaced PC needs --replace)
    BLOCK = "block"  # enrolment: the desk's numbering block differs from the agency's other desks
    CREDENTIAL = "credential"  # the station's credential is unknown
    REVOKED = "revoked"  # the credential was revoked: another PC enrolled for this desk
    TOO_LARGE = "too-large"  # a body over the server's cap
    LENGTH = "length"  # a body that does not say its length (Content-Length)
    UPLOAD = "upload"  # a scan chunk that does not fit its declared length or hash


#: The HTTP status the server answers each refusal with.
STATUS_OF: Mapping[Reason, int] = MappingProxyType({
    Reason.CONTENT: 409, Reason.CODE: 409, Reason.HASH: 409, Reason.PAYLOAD: 422,
    Reason.AGENCY: 403, Reason.DESK: 403, Reason.OWNER: 403, Reason.KIND: 403, Reason.STATUS: 403,
    Reason.NOT_YET: 404,
    Reason.TOKEN: 403, Reason.STATION: 403, Reason.TAKEN: 403, Reason.BLOCK: 403,
    Reason.CREDENTIAL: 401, Reason.REVOKED: 401,
    Reason.TOO_LARGE: 413, Reason.LENGTH: 411, Reason.UPLOAD: 422,
})  # fmt: skip

#: What the officer reads for each refusal (the server's own words stay beside it, for IT).
OFFICER_TEXT: Mapping[Reason, str] = MappingProxyType({
    Reason.CONTENT: "Máy chủ đã nhận bản ghi này với nội dung khác",
    Reason.CODE: "Mã hồ sơ này đã thuộc một hồ sơ khác của cơ quan trên máy chủ (trùng số)",
    Reason.HASH: "Nội dung không khớp mã kiểm tra (dữ liệu hỏng trên đường truyền hoặc trên máy)",
    Reason.PAYLOAD: "Bản ghi thiếu thông tin hoặc sai kiểu dữ liệu, máy chủ không nhận",
    Reason.AGENCY: "Mã hồ sơ không thuộc cơ quan mà trạm này đăng ký với máy chủ",
    Reason.DESK: "Mã hồ sơ nằm ngoài khối số của bàn này (kiểm tra số bàn trong cấu hình trạm)",
    Reason.OWNER: "Hồ sơ này không do trạm này gửi lên máy chủ",
    Reason.KIND: "Loại xử lý không có trong quy trình, máy chủ không nhận",
    Reason.STATUS: "Trạng thái hồ sơ không có trong quy trình, máy chủ không nhận",
    Reason.NOT_YET: "Máy chủ chưa có hồ sơ của bản ghi này (sẽ gửi lại sau)",
    Reason.TOKEN: "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn",
    Reason.STATION: "Mã đăng ký được cấp cho một cơ quan hoặc bàn khác",
    Reason.TAKEN: "Bàn này của cơ quan đã có máy đăng ký; máy thay thế cần mã đăng ký cấp với --replace",
    Reason.BLOCK: "Khối số hồ sơ của bàn khác với các bàn khác của cơ quan trên máy chủ",
    Reason.CREDENTIAL: "Máy chủ không nhận khóa của trạm; đề nghị đăng ký lại (desk-app enroll)",
    Reason.REVOKED: "Khóa của trạm đã bị thu hồi vì một máy khác đã đăng ký thay cho bàn này",
    Reason.TOO_LARGE: "Dữ liệu gửi lên vượt giới hạn của máy chủ",
    Reason.LENGTH: "Dữ liệu gửi lên không ghi rõ độ dài, máy chủ không nhận",
    Reason.UPLOAD: "Bản quét gửi lên không khớp độ dài hoặc mã kiểm tra (tệp trên máy có thể đã hỏng)",
})  # fmt: skip

_REASON_IN_ERROR = re.compile(r"^HTTP (\d{3}) ([a-z-]+):")


def error_text(status: int, reason: str | None, detail: str | None) -> str:
    """``HTTP 409 code: …`` — how a refusal is kept in the outbox (the officer's words come from it)."""
    return f"HTTP {status} {reason or ''}: {detail or ''}".replace(" :", ":").strip()


def reason_of(error: str) -> Reason | None:
    match = _REASON_IN_ERROR.match(error)
    if match is None:
        return None
    try:
        return Reason(match.group(2))
    except ValueError:
        return None


#: What went wrong on the way (the client's failure texts, by their start), in the officer's words.
_ON_THE_WAY: tuple[tuple[str, str], ...] = (
    ("ConnectTimeout", "Máy chủ trung tâm không trả lời khi kết nối (mạng chậm hoặc máy chủ tắt)"),
    ("ConnectError", "Không kết nối được máy chủ trung tâm (mất mạng hoặc máy chủ không hoạt động)"),
    ("ReadTimeout", "Máy chủ trung tâm không trả lời kịp"),
    ("WriteTimeout", "Gửi lên máy chủ trung tâm quá lâu, đã dừng"),
    ("PoolTimeout", "Máy chủ trung tâm không trả lời kịp"),
    ("RemoteProtocolError", "Kết nối với máy chủ trung tâm bị ngắt giữa chừng"),
    ("ReadError", "Kết nối với máy chủ trung tâm bị ngắt giữa chừng"),
    ("WriteError", "Kết nối với máy chủ trung tâm bị ngắt giữa chừng"),
    ("ProxyError", "Máy chủ proxy của mạng không cho kết nối tới máy chủ trung tâm"),
    ("the CA file", "Tệp chứng chỉ (ca_file) trong cấu hình trạm không đọc được — báo IT"),
)
_NOT_THE_SERVER = "Câu trả lời không phải của máy chủ trung tâm (trang đăng nhập mạng Wi-Fi hoặc proxy?)"


def officer_text(error: str) -> str:
    """The officer's words for a kept refusal or a failure on the way; the raw text (for IT) stays in the
    log and the outbox's tooltip. Never the raw English: a failure we have no words for says so."""
    reason = reason_of(error)
    if reason is not None:
        return OFFICER_TEXT[reason]
    for start, words in _ON_THE_WAY:
        if error.startswith(start):
            return "Lỗi chứng chỉ TLS của máy chủ trung tâm — báo IT" if "SSL" in error else words
    if "central server's" in error or "captive portal" in error or "not JSON" in error:
        return _NOT_THE_SERVER
    if "no longer on this PC" in error:
        return "Bản quét không còn trên máy này (đã xóa theo thời hạn lưu), không gửi được nữa"
    if "did not complete the upload" in error:
        return "Máy chủ đã nhận đủ bản quét nhưng chưa hoàn tất (sẽ gửi lại sau)"
    status = re.match(r"^HTTP (\d{3})", error)
    if status is not None:
        return f"Máy chủ trung tâm trả lời lỗi HTTP {status.group(1)} (sẽ gửi lại sau nếu là lỗi tạm thời)"
    return "Không gửi được lên máy chủ trung tâm (chi tiết kỹ thuật trong nhật ký của trạm)" if error else ""


def backoff(attempts: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after ``attempts`` failures: 5 s doubling, capped at an hour, with full jitter in
    its upper half (so desks that lost the network together do not come back together)."""
    delay = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(attempts - 1, 0))
    return delay * (0.5 + 0.5 * (rng or random).random())
