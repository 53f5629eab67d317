"""The procedure catalogue (danh mục thủ tục hành chính) as data, with type-ahead search (DOMAIN_VN.md §7).

The national portal's catalogue is the authority: the desk imports it, never hard-codes it. A JSON
document ``{"version": …, "note": …, "procedures": [{…}, …]}`` is validated strictly by
:func:`parse_catalogue` (unknown or missing keys, wrong types and contradictions are refused with a
Vietnamese message naming the procedure and the field) and written back by :func:`procedure_to_dict`.

Codes: a national procedure code looks like ``1.001456``; there are no placeholder codes (a procedure
whose code cannot be confirmed is left out). Every entry says at which level it is carried out
(``level``: commune, province or both), by which channels it is filed (``channels``: counter, post,
online) and where each of its facts comes from (``sources``: document number and/or section, by fact).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.model import DocumentForm, LimitUnit, TimeLimit
from desk_app.domain.text import clean, fold, nfc

NATIONAL_CODE = re.compile(r"[0-9]\.[0-9]{6}")
FORM_SETS = ("general", "police_residence", "can_cuoc")
LEVELS = ("commune", "province", "both")  # where a procedure is carried out; a station is commune or province
STATION_LEVELS = ("commune", "province")
CHANNELS = ("counter", "post", "online")  # trực tiếp, bưu chính, trực tuyến
LEVEL_VI = {"commune": "cấp xã", "province": "cấp tỉnh", "both": "cấp xã và cấp tỉnh"}
CHANNEL_VI = {"counter": "trực tiếp", "post": "bưu chính", "online": "trực tuyến"}
#: the facts of an entry that may name their source; the first ones must
SOURCE_FACTS = ("code", "level", "channels", "limit", "documents", "fee", "cases", "name", "forms", "note")
_SOURCE_REQUIRED = ("code", "level", "channels", "limit", "documents")

_PROC_REQUIRED = ("code", "name", "field", "level", "channels", "limit", "fee", "documents",
                  "personal_presence", "form_set", "sources")  # fmt: skip
_PROC_OPTIONAL = ("fee_online", "fee_per_person", "fee_note", "note", "cases", "lead_agency")
_CASE_REQUIRED = ("id", "name", "limit")
HOURS_GONE = ("thời hạn tính bằng giờ không còn dùng (12 giờ / 24 giờ là hạn khai báo của cơ sở lưu trú, "
              "không phải thời hạn giải quyết): dùng ")  # fmt: skip
_CASE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
#: the kinds a catalogue may write, and the value each one takes (None: a count of at least 1)
_LIMIT_VALUES: dict[LimitUnit, int | None] = {
    LimitUnit.WORKING_DAYS: None, LimitUnit.CALENDAR_DAYS: None, LimitUnit.HALF_DAY: 1, LimitUnit.AT_ONCE: 0,
}  # fmt: skip
_DOC_REQUIRED = ("name", "form")
_DOC_OPTIONAL = ("copies", "mandatory", "note")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class RequiredDocument:
    """One paper the procedure asks for (thành phần hồ sơ): its form and how many copies."""

    name: str
    form: DocumentForm
    copies: int = 1
    mandatory: bool = True
    note: str = ""


@dataclass(frozen=True)
class Case:
    """One case of a procedure whose time limit depends on it (picked by the officer at intake)."""

    id: str  # "csdl", "xac-minh" …: what an import line names in ``"case"``
    name: str  # "Có trong Cơ sở dữ liệu quốc gia về dân cư"
    limit: TimeLimit


@dataclass(frozen=True)
class PerPersonFee:
    """A fee charged per person when several register together (đăng ký theo danh sách)."""

    counter: int
    online: int | None
    when: str  # "Đăng ký tạm trú theo danh sách"


@dataclass(frozen=True)
class Procedure:
    """One administrative procedure (thủ tục hành chính). Invariants are checked on construction."""

    code: str
    name: str
    limit: TimeLimit
    fee: int | None  # VND at the counter; None = not known (see fee_note)
    fee_note: str
    documents: tuple[RequiredDocument, ...]
    personal_presence: bool
    form_set: str  # "general" (one-stop forms) | "police_residence" (CT04/CT05/CT06) | "can_cuoc"
    field: str  # lĩnh vực
    level: str = "commune"  # commune | province | both: which stations are offered it
    channels: tuple[str, ...] = ("counter",)  # counter, post, online
    sources: tuple[tuple[str, str], ...] = ()  # (fact, where it is written), in SOURCE_FACTS order
    fee_online: int | None = None  # VND when filed online; None = not known or not filed online
    fee_per_person: PerPersonFee | None = None
    note: str = ""
    cases: tuple[Case, ...] = ()  # a limit that depends on the case: the officer picks one at intake
    lead_agency: str = ""  # cơ quan chủ trì giải quyết, when not the receiving station itself
    name_key: str = dataclasses.field(init=False, repr=False, compare=False)

    def case(self, case_id: str) -> Case:
        """The case ``case_id`` of this procedure; DeskError naming the ones it has."""
        for case in self.cases:
            if case.id == case_id:
                return case
        if not self.cases:
            raise DeskError(f"Thủ tục {self.code} không chia trường hợp; bỏ trường “case”", field="case")
        names = "; ".join(f"{c.id} ({c.name})" for c in self.cases)
        raise DeskError(
            f"Thủ tục {self.code} không có trường hợp “{case_id}”: chọn một trong {names}", field="case"
        )

    @property
    def post_allowed(self) -> bool:
        """Filed by public post (bưu chính công ích): the catalogue lists ``post`` among its channels."""
        return "post" in self.channels

    @property
    def limit_label(self) -> str:
        """The limit as the catalogue list shows it: one, or each case's."""
        if not self.cases:
            return self.limit.label_vi
        return "; ".join(f"{c.limit.label_vi} ({c.name})" for c in self.cases)

    def offered_at(self, station_level: str) -> bool:
        """Whether a desk of a ``commune`` or ``province`` station receives it (at the counter or by post)."""
        return self.level in (station_level, "both") and ("counter" in self.channels or self.post_allowed)

    def level_refusal(self, station_level: str) -> str:
        """Why a desk of ``station_level`` does not receive it ("" if it does)."""
        if self.offered_at(station_level):
            return ""
        if self.level not in (station_level, "both"):
            return (f"Thủ tục {self.code} thực hiện tại {LEVEL_VI[self.level]}: bàn tiếp nhận "
                    f"{LEVEL_VI[station_level]} không nhận hồ sơ này")  # fmt: skip
        return f"Thủ tục {self.code} chỉ nộp trực tuyến, không nhận tại bàn tiếp nhận"

    def source(self, fact: str) -> str:
        """Where the catalogue says ``fact`` comes from ("" if it names none)."""
        return dict(self.sources).get(fact, "")

    def __post_init__(self) -> None:
        if not NATIONAL_CODE.fullmatch(self.code):
            raise DeskError(f"mã thủ tục “{self.code}” phải là mã quốc gia dạng 1.001456", field="code")
        if not self.name.strip():
            raise DeskError("tên thủ tục không được để trống", field="name")
        if not self.field.strip():
            raise DeskError("lĩnh vực không được để trống", field="field")
        if self.form_set not in FORM_SETS:
            raise DeskError(f"bộ biểu mẫu phải là một trong {', '.join(FORM_SETS)}", field="form_set")
        if self.level not in LEVELS:
            raise DeskError(f"cấp thực hiện phải là một trong {', '.join(LEVELS)}", field="level")
        if not self.channels or any(c not in CHANNELS for c in self.channels):
            raise DeskError(f"cách thức nộp gồm một hoặc nhiều trong {', '.join(CHANNELS)}", field="channels")
        if len(set(self.channels)) != len(self.channels):
            raise DeskError("cách thức nộp bị trùng", field="channels")
        for key, fee in (("fee", self.fee), ("fee_online", self.fee_online)):
            if fee is not None and fee < 0:
                raise DeskError("lệ phí không được âm", field=key)
        for limit in (self.limit, *(c.limit for c in self.cases)):
            if limit.unit not in _LIMIT_VALUES:
                kinds = ", ".join(u.value for u in _LIMIT_VALUES)
                raise DeskError(HOURS_GONE + kinds, field="limit")
        ids = [c.id for c in self.cases]
        if len(set(ids)) != len(ids):
            raise DeskError("hai trường hợp trùng mã", field="cases")
        if self.personal_presence and self.post_allowed:
            raise DeskError(
                "thủ tục yêu cầu có mặt trực tiếp thì không thể nộp qua bưu chính", field="channels"
            )
        names = [fold(d.name) for d in self.documents]
        if len(set(names)) != len(names):
            raise DeskError("có hai giấy tờ trùng tên trong thành phần hồ sơ", field="documents")
        facts = dict(self.sources)
        needed = [*_SOURCE_REQUIRED]
        if self.fee is not None or self.fee_online is not None:
            needed.append("fee")
        if self.cases:
            needed.append("cases")
        missing = [f for f in needed if not facts.get(f, "").strip()]
        if missing:
            raise DeskError(
                "thiếu nguồn cho "
                + ", ".join(f"“{f}”" for f in missing)
                + " (số văn bản và/hoặc mục, trang nơi ghi thông tin đó)",
                field="sources",
            )
        object.__setattr__(self, "name_key", fold(self.name))


def _fail(where: str, message: str, path: str) -> NoReturn:
    raise DeskError(f"Danh mục thủ tục, {where}: {message}", field=path)


def _object(
    value: object, required: Sequence[str], optional: Sequence[str], where: str, path: str
) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        _fail(where, "phải là một đối tượng JSON", path)
    missing = [k for k in required if k not in value]
    if missing:
        _fail(where, "thiếu trường " + ", ".join(f"“{k}”" for k in missing), path)
    unknown = sorted(str(k) for k in value if k not in required and k not in optional)
    if unknown:
        _fail(where, "có trường không được dùng " + ", ".join(f"“{k}”" for k in unknown), path)
    return value


def _text(obj: Mapping[str, Any], key: str, where: str, path: str, *, required: bool = True) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str):
        _fail(where, f"trường “{key}” phải là chuỗi văn bản", f"{path}.{key}")
    text = clean(value) if required else nfc(value).strip()
    if required and not text:
        _fail(where, f"trường “{key}” không được để trống", f"{path}.{key}")
    return text


def _flag(obj: Mapping[str, Any], key: str, where: str, path: str, default: bool | None = None) -> bool:
    value = obj.get(key, default)
    if not isinstance(value, bool):
        _fail(where, f"trường “{key}” phải là true hoặc false", f"{path}.{key}")
    return value


def _count(
    obj: Mapping[str, Any], key: str, where: str, path: str, *, minimum: int, default: int | None = None
) -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(where, f"trường “{key}” phải là số nguyên từ {minimum} trở lên", f"{path}.{key}")
    return value


def _choice(obj: Mapping[str, Any], key: str, choices: Sequence[str], where: str, path: str) -> str:
    value = obj.get(key)
    if value not in choices:
        _fail(where, f"trường “{key}” phải là một trong: {', '.join(choices)}", f"{path}.{key}")
    return str(value)


def _limit(value: object, where: str, path: str) -> TimeLimit:
    """``{"unit": "working_days", "value": 7}``, ``{"unit": "calendar_days", "value": 30}``,
    ``{"unit": "half_day"}`` or ``{"unit": "at_once"}``."""
    obj = _object(value, ("unit",), ("value",), where, path)
    kinds = [u.value for u in _LIMIT_VALUES]
    if obj.get("unit") == LimitUnit.HOURS.value:
        _fail(where, HOURS_GONE + ", ".join(kinds), f"{path}.unit")
    unit = LimitUnit(_choice(obj, "unit", kinds, where, path))
    fixed = _LIMIT_VALUES[unit]
    if fixed is None:
        return TimeLimit(_count(obj, "value", where, path, minimum=1), unit)
    if obj.get("value", fixed) != fixed:
        _fail(where, f"thời hạn “{unit.value}” có giá trị {fixed} (hoặc bỏ trường “value”)", f"{path}.value")
    return TimeLimit(fixed, unit)


def _cases(value: object, where: str, path: str) -> tuple[Case, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        _fail(where, "trường “cases” phải là một danh sách", path)
    if len(value) == 1:
        _fail(where, "“cases” cần ít nhất hai trường hợp (một trường hợp thì ghi thẳng vào “limit”)", path)
    found = []
    for i, item in enumerate(value, start=1):
        here, at = f"{where}, trường hợp thứ {i}", f"{path}.{i - 1}"
        obj = _object(item, _CASE_REQUIRED, (), here, at)
        case_id = obj["id"]
        if not isinstance(case_id, str) or not _CASE_ID.fullmatch(case_id):
            _fail(here, "“id” gồm chữ thường không dấu, số, - và _ (ví dụ csdl, xac-minh)", f"{at}.id")
        found.append(Case(case_id, _text(obj, "name", here, at), _limit(obj["limit"], here, f"{at}.limit")))
    return tuple(found)


def _document(value: object, where: str, path: str) -> RequiredDocument:
    obj = _object(value, _DOC_REQUIRED, _DOC_OPTIONAL, where, path)
    return RequiredDocument(
        name=_text(obj, "name", where, path),
        form=DocumentForm(_choice(obj, "form", [f.value for f in DocumentForm], where, path)),
        copies=_count(obj, "copies", where, path, minimum=1, default=1),
        mandatory=_flag(obj, "mandatory", where, path, default=True),
        note=_text(obj, "note", where, path, required=False),
    )


def _fee(obj: Mapping[str, Any], key: str, where: str, path: str) -> int | None:
    fee = obj.get(key)
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        _fail(
            where, f"trường “{key}” phải là số nguyên không âm (đồng) hoặc null nếu chưa rõ", f"{path}.{key}"
        )
    return fee


def _channels(value: object, where: str, path: str) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or not value:
        _fail(where, f"trường “channels” là danh sách gồm một hoặc nhiều trong: {', '.join(CHANNELS)}", path)
    if any(c not in CHANNELS for c in value) or len(set(value)) != len(value):
        _fail(where, f"trường “channels” chỉ gồm {', '.join(CHANNELS)}, mỗi cách một lần", path)
    return tuple(str(c) for c in value)


def _sources(value: object, where: str, path: str) -> tuple[tuple[str, str], ...]:
    """``{"code": "QĐ …, mục A.1", "limit": "mục 1.4", …}``: where each fact is written."""
    if not isinstance(value, Mapping) or not value:
        _fail(where, "trường “sources” là đối tượng ghi nguồn của từng thông tin (code, level, "
                     "channels, limit, documents, fee …)", path)  # fmt: skip
    unknown = sorted(str(k) for k in value if k not in SOURCE_FACTS)
    if unknown:
        _fail(where, "“sources” có khóa không dùng " + ", ".join(f"“{k}”" for k in unknown)
              + f" (dùng {', '.join(SOURCE_FACTS)})", path)  # fmt: skip
    found = []
    for fact in SOURCE_FACTS:
        if fact in value:
            text = value[fact]
            if not isinstance(text, str) or not clean(text) or len(text) > 1000:
                _fail(
                    where, f"nguồn “{fact}” phải là văn bản, không rỗng, tối đa 1000 ký tự", f"{path}.{fact}"
                )
            found.append((fact, clean(text)))
    return tuple(found)


def _per_person(value: object, where: str, path: str) -> PerPersonFee | None:
    if value is None:
        return None
    obj = _object(value, ("counter", "when"), ("online",), where, path)
    counter = _fee(obj, "counter", where, path)
    if counter is None:
        _fail(where, "lệ phí theo người phải có mức “counter”", f"{path}.counter")
    return PerPersonFee(counter, _fee(obj, "online", where, path), _text(obj, "when", where, path))


def _procedure(value: object, where: str, path: str) -> Procedure:
    obj = _object(value, _PROC_REQUIRED, _PROC_OPTIONAL, where, path)
    time_limit = _limit(obj["limit"], f"{where}, trường “limit”", f"{path}.limit")
    docs = obj["documents"]
    if isinstance(docs, str | bytes) or not isinstance(docs, Sequence):
        _fail(where, "trường “documents” phải là một danh sách", f"{path}.documents")
    documents = tuple(
        _document(d, f"{where}, giấy tờ thứ {i}", f"{path}.documents.{i - 1}")
        for i, d in enumerate(docs, start=1)
    )
    fields: dict[str, Any] = {
        "code": _text(obj, "code", where, path).upper(),
        "name": _text(obj, "name", where, path),
        "field": _text(obj, "field", where, path),
        "level": _choice(obj, "level", LEVELS, where, path),
        "channels": _channels(obj["channels"], where, f"{path}.channels"),
        "limit": time_limit,
        "fee": _fee(obj, "fee", where, path),
        "fee_online": _fee(obj, "fee_online", where, path),
        "fee_per_person": _per_person(obj.get("fee_per_person"), where, f"{path}.fee_per_person"),
        "fee_note": _text(obj, "fee_note", where, path, required=False),
        "documents": documents,
        "personal_presence": _flag(obj, "personal_presence", where, path),
        "form_set": _choice(obj, "form_set", FORM_SETS, where, path),
        "sources": _sources(obj["sources"], where, f"{path}.sources"),
        "note": _text(obj, "note", where, path, required=False),
        "cases": _cases(obj.get("cases", []), where, f"{path}.cases"),
        "lead_agency": _text(obj, "lead_agency", where, path, required=False),
    }
    try:
        return Procedure(**fields)
    except DeskError as exc:  # a cross-field rule of Procedure
        _fail(where, exc.message, f"{path}.{exc.field}")


def parse_catalogue(data: Mapping[str, Any]) -> list[Procedure]:
    """Validate a catalogue document and return its procedures in file order (all text NFC)."""
    top = _object(data, ("version", "procedures"), ("note",), "tài liệu gốc", "catalogue")
    version = top["version"]
    if isinstance(version, bool) or not isinstance(version, int | str) or str(version).strip() == "":
        _fail("tài liệu gốc", "trường “version” phải là số hoặc chuỗi không rỗng", "catalogue.version")
    items = top["procedures"]
    if isinstance(items, str | bytes) or not isinstance(items, Sequence) or not items:
        _fail("tài liệu gốc", "trường “procedures” phải là danh sách có ít nhất một thủ tục", "procedures")
    procedures: list[Procedure] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items, start=1):
        code = item.get("code") if isinstance(item, Mapping) else None
        where = f"thủ tục thứ {i}" + (
            f" (mã {code.strip()})" if isinstance(code, str) and code.strip() else ""
        )
        procedure = _procedure(item, where, f"procedures.{i - 1}")
        if procedure.code in seen:
            _fail(
                where,
                f"mã {procedure.code} trùng với thủ tục thứ {seen[procedure.code]}",
                f"procedures.{i - 1}",
            )
        seen[procedure.code] = i
        procedures.append(procedure)
    return procedures


def procedure_to_dict(p: Procedure) -> dict[str, Any]:
    """The JSON form of ``p``; ``parse_catalogue`` reads it back to an equal procedure."""
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field,
        "level": p.level,
        "channels": list(p.channels),
        "form_set": p.form_set,
        "limit": _limit_dict(p.limit),
        **_cases_dict(p.cases),
        "fee": p.fee,
        "fee_online": p.fee_online,
        **({"fee_per_person": dataclasses.asdict(p.fee_per_person)} if p.fee_per_person is not None else {}),
        "fee_note": p.fee_note,
        "personal_presence": p.personal_presence,
        "documents": [
            {
                "name": d.name,
                "form": d.form.value,
                "copies": d.copies,
                "mandatory": d.mandatory,
                "note": d.note,
            }
            for d in p.documents
        ],
        "note": p.note,
        "sources": dict(p.sources),
        **({"lead_agency": p.lead_agency} if p.lead_agency else {}),
    }


def _cases_dict(cases: tuple[Case, ...]) -> dict[str, Any]:
    if not cases:
        return {}
    return {"cases": [{"id": c.id, "name": c.name, "limit": _limit_dict(c.limit)} for c in cases]}


def _limit_dict(limit: TimeLimit) -> dict[str, Any]:
    return {"value": limit.value, "unit": limit.unit.value}


def _initials(words: tuple[str, ...]) -> str:
    """The first letters of a name's words, digits and brackets aside ("dang ky thuong tru" → "dktt")."""
    return "".join(w[0] for w in words if w[:1].isalpha())


class Catalogue:
    """The procedures a desk offers, by code, with diacritics-insensitive type-ahead search."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._by_code: dict[str, Procedure] = {}
        for p in procedures:
            if p.code in self._by_code:
                raise DeskError(f"Mã thủ tục {p.code} bị trùng trong danh mục", field="catalogue")
            self._by_code[p.code] = p
        self._index = [(p, fold(p.code), tuple(_WORD.findall(p.name_key))) for p in self._by_code.values()]

    def get(self, code: str) -> Procedure:
        found = self._by_code.get(code.strip().upper())
        if found is None:
            raise NotFound(f"Không có thủ tục mã {code.strip()} trong danh mục", field="procedure_code")
        return found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._by_code

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def search(self, text: str, limit: int = 20) -> list[Procedure]:
        """Type-ahead: code prefix, or every typed word a prefix of a word of the name (no diacritics), or
        the initials of the name's words ("dktt" → Đăng ký thường trú).

        Codes are matched only when the query has a digit or a dot. Order: exact code, code prefix,
        name starting with the typed words or exactly its initials, other name matches and initials
        starting with the query; ties keep catalogue order. An empty query lists the catalogue from the
        start.
        """
        query = fold(text)
        if limit <= 0:
            return []
        if not query:
            return list(self._by_code.values())[:limit]
        words = _WORD.findall(query)
        code_like = any(ch.isdigit() or ch == "." for ch in query)
        ranked: list[tuple[int, int, Procedure]] = []
        for pos, (p, code_key, name_words) in enumerate(self._index):
            if code_like and query == code_key:
                rank = 0
            elif code_like and code_key.startswith(query):
                rank = 1
            elif (words and " ".join(name_words).startswith(" ".join(words))) or (
                len(words) == 1 and len(query) >= 3 and _initials(name_words) == query
            ):
                rank = 2
            elif words and all(any(w.startswith(t) for w in name_words) for t in words):
                rank = 3
            elif len(words) == 1 and len(query) >= 2 and _initials(name_words).startswith(query):
                rank = 4
            else:
                continue
            ranked.append((rank, pos, p))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [p for _, _, p in ranked[:limit]]
