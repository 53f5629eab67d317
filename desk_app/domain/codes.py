"""The dossier code (mã hồ sơ) ``<agency>-<YYMMDD>-<XXXX>`` and its offline numbering (DOMAIN_VN.md §3).

* The agency identifier (mã định danh cơ quan) is configured text, ``[0-9A-Z.]{1,35}``; both the old
  ``000.00.00.G01`` order and the ``G01.xx.yy`` order pass. Empty dot segments (``G01..H29``, a leading or
  trailing dot) are refused as typos.
* ``YYMMDD`` is the date of receipt (years 2000–2099), ``XXXX`` the 4-digit daily sequence 0001–9999.

Offline uniqueness — how desks of one agency never issue the same number without a server:
the daily range 0000–9999 is cut into equal blocks and **each provisioned desk owns one block**.
With the default block of 1000, desk 1 numbers 0001–0999 (0000 is never used), desk 2 1000–1999, …,
desk 10 9000–9999; the thousands digit tells which desk received the dossier. A smaller block allows
more desks (block 500 → 20 desks of 500 numbers). IT gives every desk of one agency a distinct desk
number and the same block size; two PCs provisioned with the same desk number is the one mistake this
scheme cannot detect. Each desk restarts at the first number of its block every day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desk_app.domain.errors import DeskError, SequenceExhausted

#: Size of the daily range: sequences 0..9999, of which 0 is never issued.
DAILY_RANGE = 10_000

_AGENCY = re.compile(r"[0-9A-Z]+(?:\.[0-9A-Z]+)*")
_DOSSIER = re.compile(r"[0-9A-Za-z.]{1,35}-[0-9]{6}-[0-9]{4}")
_EXAMPLE = "G01.01.02-250314-0007"
_SHORT = re.compile(r"[0-9]{6}-[0-9]{4}")  # a code without its agency: the receipt's day and number
_SHORT_START = re.compile(r"[0-9]{6}-[0-9]{0,4}")  # the start of one, as typed in the search box


def validate_agency_code(code: str) -> str:
    """The agency identifier stripped and upper-cased, or :class:`DeskError` (``field="agency_code"``)."""
    text = code.strip()
    if not text:
        raise DeskError("Chưa nhập mã định danh cơ quan", field="agency_code")
    if len(text) > 35:
        raise DeskError(
            f"Mã định danh cơ quan dài tối đa 35 ký tự (đang có {len(text)})", field="agency_code"
        )
    bad = sorted({ch for ch in text if not (ch.isascii() and (ch.isalnum() or ch == "."))})
    if bad:
        shown = ", ".join(repr(ch) for ch in bad)
        raise DeskError(
            "Mã định danh cơ quan chỉ gồm chữ số, chữ cái không dấu và dấu chấm "
            f"(ký tự không hợp lệ: {shown})",
            field="agency_code",
        )
    text = text.upper()
    if not _AGENCY.fullmatch(text):
        raise DeskError(
            "Mã định danh cơ quan không được bắt đầu, kết thúc bằng dấu chấm hay có hai dấu chấm "
            f"liền nhau: {text}",
            field="agency_code",
        )
    return text


def _check_day(day: date) -> None:
    if not 2000 <= day.year <= 2099:
        raise DeskError(f"Ngày trong mã hồ sơ phải thuộc các năm 2000–2099 (đang là {day.year})", field="day")


def _check_seq(seq: int) -> None:
    if isinstance(seq, bool) or not 1 <= seq <= DAILY_RANGE - 1:
        raise DeskError(f"Số thứ tự hồ sơ phải từ 0001 đến 9999 (đang là {seq})", field="seq")


@dataclass(frozen=True)
class DossierCode:
    """A dossier code; the agency is normalised (upper case) and checked on construction."""

    agency: str
    day: date
    seq: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "agency", validate_agency_code(self.agency))
        _check_day(self.day)
        _check_seq(self.seq)

    def __str__(self) -> str:
        return f"{self.agency}-{self.day:%y%m%d}-{self.seq:04d}"


def format_dossier_code(agency: str, day: date, seq: int) -> str:
    """``<agency>-<YYMMDD>-<XXXX>``, e.g. ``G01.01.02-250314-0007``; DeskError on bad parts."""
    return str(DossierCode(agency, day, seq))


def parse_dossier_code(text: str) -> DossierCode:
    """Parse a dossier code strictly; surrounding white space and lower case are tolerated."""
    raw = text.strip()
    parts = raw.rsplit("-", 2)
    if len(parts) != 3 or not parts[0]:
        raise DeskError(
            f"Mã hồ sơ phải có dạng <mã cơ quan>-<YYMMDD>-<XXXX>, ví dụ {_EXAMPLE}; "
            f"nhận được: {raw or '(trống)'}",
            field="dossier_code",
        )
    agency_text, day_text, seq_text = parts
    try:
        agency = validate_agency_code(agency_text)
    except DeskError as exc:
        reason = exc.message[:1].lower() + exc.message[1:]
        raise DeskError(f"Mã hồ sơ {raw}: {reason}", field="dossier_code") from None
    if not (len(day_text) == 6 and day_text.isascii() and day_text.isdigit()):
        raise DeskError(f"Mã hồ sơ {raw}: phần ngày phải gồm 6 chữ số YYMMDD", field="dossier_code")
    try:
        day = date(2000 + int(day_text[:2]), int(day_text[2:4]), int(day_text[4:]))
    except ValueError:
        raise DeskError(f"Mã hồ sơ {raw}: ngày {day_text} không có thật", field="dossier_code") from None
    if not (len(seq_text) == 4 and seq_text.isascii() and seq_text.isdigit()) or seq_text == "0000":
        raise DeskError(
            f"Mã hồ sơ {raw}: số thứ tự phải gồm 4 chữ số, từ 0001 đến 9999", field="dossier_code"
        )
    return DossierCode(agency, day, int(seq_text))


def full_code(text: str, agency_code: str, *, partial: bool = False) -> str:
    """A code as typed or scanned (blanks and case ignored); the short form ``YYMMDD-NNNN`` — what the
    officer reads off a receipt — is this station's ``agency_code`` with it. ``partial`` also completes
    the start of a short code (``261120-00``), for a prefix search."""
    wanted = text.strip().upper()
    short = _SHORT_START if partial else _SHORT
    return f"{agency_code}-{wanted}" if short.fullmatch(wanted) else wanted


def looks_like_short_code(text: str) -> bool:
    return _SHORT.fullmatch(text.strip()) is not None


def looks_like_dossier_code(text: str) -> bool:
    """Cheap test for the scan field: ``…-6 digits-4 digits`` (validate with :func:`parse_dossier_code`)."""
    return _DOSSIER.fullmatch(text.strip()) is not None


@dataclass(frozen=True)
class SequenceBlock:
    """The daily numbers a desk may issue, ``first..last`` inclusive; ``desk`` is for messages."""

    first: int
    last: int
    desk: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= DAILY_RANGE - 1:
            raise DeskError(
                f"Khối số hồ sơ {self.first}–{self.last} không hợp lệ (phải nằm trong 1–9999)", field="desk"
            )

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def __contains__(self, seq: object) -> bool:
        return isinstance(seq, int) and self.first <= seq <= self.last


def _check_block_size(block_size: int) -> None:
    if isinstance(block_size, bool) or not 10 <= block_size <= DAILY_RANGE or DAILY_RANGE % block_size:
        raise DeskError(
            f"Kích thước khối số mỗi bàn phải từ 10 đến 10000 và chia hết 10000 "
            f"(ví dụ 100, 200, 250, 500, 1000); đang là {block_size}",
            field="block_size",
        )


def desks_capacity(block_size: int = 1000) -> int:
    """How many desks one agency can have with ``block_size`` numbers each (1000 → 10)."""
    _check_block_size(block_size)
    return DAILY_RANGE // block_size


def sequence_block(desk: int, block_size: int = 1000) -> SequenceBlock:
    """Desk ``desk``'s block: ``(desk-1)*block_size .. desk*block_size-1``, without 0 for desk 1."""
    capacity = desks_capacity(block_size)
    if isinstance(desk, bool) or not 1 <= desk <= capacity:
        raise DeskError(
            f"Số bàn phải từ 1 đến {capacity} khi mỗi bàn có {block_size} số hồ sơ mỗi ngày (đang là {desk})",
            field="desk",
        )
    return SequenceBlock(max(1, (desk - 1) * block_size), desk * block_size - 1, desk)


def desk_for_sequence(seq: int, block_size: int = 1000) -> int:
    """Which desk issued ``seq`` under the block scheme (for IT and supervisors tracing a number)."""
    _check_block_size(block_size)
    _check_seq(seq)
    return seq // block_size + 1


def next_sequence(last_used: int | None, block: SequenceBlock, *, day: date | None = None) -> int:
    """The next number to issue after ``last_used`` today (None: nothing issued yet today).

    Raises :class:`SequenceExhausted` when the block is used up, and :class:`DeskError` when
    ``last_used`` lies outside the block (the desk number was changed: a provisioning problem).
    """
    if last_used is None:
        return block.first
    if last_used not in block:
        raise DeskError(
            f"Số thứ tự cuối cùng ({last_used}) không thuộc khối số của bàn ({block.first}–{block.last}); "
            "đề nghị báo quản trị hệ thống kiểm tra cấu hình số bàn",
            field="desk",
        )
    if last_used == block.last:
        desk = f"Bàn số {block.desk}" if block.desk is not None else "Bàn này"
        when = f"ngày {day:%d/%m/%Y}" if day is not None else "hôm nay"
        raise SequenceExhausted(
            f"{desk} đã dùng hết {block.size} số hồ sơ của {when} (khối {block.first:04d}–{block.last:04d}); "
            "đề nghị tiếp nhận tại bàn khác hoặc báo quản trị hệ thống",
            field="desk",
        )
    return last_used + 1
