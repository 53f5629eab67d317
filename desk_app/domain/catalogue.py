"""The procedure catalogue (danh mục thủ tục hành chính) as data, with type-ahead search (DOMAIN_VN.md §7).

The national portal's catalogue is the authority: the desk imports it, never hard-codes it. A JSON
document ``{"version": …, "note": …, "procedures": [{…}, …]}`` is validated strictly by
:func:`parse_catalogue` (unknown or missing keys, wrong types and contradictions are refused with a
Vietnamese message naming the procedure and the field) and written back by :func:`procedure_to_dict`.

Codes: a national procedure code looks like ``1.001456``. A procedure whose national code is not known
yet carries a visible placeholder ``TAM.<3 digits>`` ("tạm") and ``code_confirmed = false``; a
placeholder can never be marked confirmed.
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
PLACEHOLDER_CODE = re.compile(r"TAM\.[0-9]{3}")
FORM_SETS = ("general", "police_residence")

_PROC_REQUIRED = ("code", "name", "field", "limit", "fee", "documents", "post_allowed", "personal_presence",
                  "form_set")  # fmt: skip
_PROC_OPTIONAL = ("code_confirmed", "fee_note", "note", "cases")
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
class Procedure:
    """One administrative procedure (thủ tục hành chính). Invariants are checked on construction."""

    code: str
    name: str
    limit: TimeLimit
    fee: int | None  # VND; None = not known (see fee_note)
    fee_note: str
    documents: tuple[RequiredDocument, ...]
    post_allowed: bool
    personal_presence: bool
    form_set: str  # "general" (one-stop forms) | "police_residence" (CT04/CT05/CT06)
    field: str  # lĩnh vực
    code_confirmed: bool = True
    note: str = ""
    cases: tuple[Case, ...] = ()  # a limit that depends on the case: the officer picks one at intake
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
    def limit_label(self) -> str:
        """The limit as the catalogue list shows it: one, or each case's."""
        if not self.cases:
            return self.limit.label_vi
        return "; ".join(f"{c.limit.label_vi} ({c.name})" for c in self.cases)

    def __post_init__(self) -> None:
        if PLACEHOLDER_CODE.fullmatch(self.code):
            if self.code_confirmed:
                raise DeskError(f"mã tạm {self.code} phải có “code_confirmed”: false", field="code_confirmed")
        elif not NATIONAL_CODE.fullmatch(self.code):
            raise DeskError(
                f"mã thủ tục “{self.code}” phải có dạng 1.001456 (hoặc mã tạm TAM.001)", field="code"
            )
        if not self.name.strip():
            raise DeskError("tên thủ tục không được để trống", field="name")
        if not self.field.strip():
            raise DeskError("lĩnh vực không được để trống", field="field")
        if self.form_set not in FORM_SETS:
            raise DeskError(f"bộ biểu mẫu phải là một trong {', '.join(FORM_SETS)}", field="form_set")
        if self.fee is not None and self.fee < 0:
            raise DeskError("lệ phí không được âm", field="fee")
        for limit in (self.limit, *(c.limit for c in self.cases)):
            if limit.unit not in _LIMIT_VALUES:
                kinds = ", ".join(u.value for u in _LIMIT_VALUES)
                raise DeskError(HOURS_GONE + kinds, field="limit")
        ids = [c.id for c in self.cases]
        if len(set(ids)) != len(ids):
            raise DeskError("hai trường hợp trùng mã", field="cases")
        if self.personal_presence and self.post_allowed:
            raise DeskError(
                "thủ tục yêu cầu có mặt trực tiếp thì không thể nộp qua bưu chính", field="post_allowed"
            )
        names = [fold(d.name) for d in self.documents]
        if len(set(names)) != len(names):
            raise DeskError("có hai giấy tờ trùng tên trong thành phần hồ sơ", field="documents")
        object.__setattr__(self, "name_key", fold(self.name))

    @property
    def placeholder_code(self) -> bool:
        """True if ``code`` is a ``TAM.xxx`` placeholder, not a national code."""
        return PLACEHOLDER_CODE.fullmatch(self.code) is not None


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


def _procedure(value: object, where: str, path: str) -> Procedure:
    obj = _object(value, _PROC_REQUIRED, _PROC_OPTIONAL, where, path)
    time_limit = _limit(obj["limit"], f"{where}, trường “limit”", f"{path}.limit")
    fee = obj["fee"]
    if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
        _fail(where, "trường “fee” phải là số nguyên không âm (đồng) hoặc null nếu chưa rõ", f"{path}.fee")
    docs = obj["documents"]
    if isinstance(docs, str | bytes) or not isinstance(docs, Sequence):
        _fail(where, "trường “documents” phải là một danh sách", f"{path}.documents")
    code = _text(obj, "code", where, path).upper()
    name = _text(obj, "name", where, path)
    fee_note = _text(obj, "fee_note", where, path, required=False)
    documents = tuple(
        _document(d, f"{where}, giấy tờ thứ {i}", f"{path}.documents.{i - 1}")
        for i, d in enumerate(docs, start=1)
    )
    post_allowed = _flag(obj, "post_allowed", where, path)
    personal_presence = _flag(obj, "personal_presence", where, path)
    form_set = _choice(obj, "form_set", FORM_SETS, where, path)
    field = _text(obj, "field", where, path)
    code_confirmed = _flag(obj, "code_confirmed", where, path, default=True)
    note = _text(obj, "note", where, path, required=False)
    cases = _cases(obj.get("cases", []), where, f"{path}.cases")
    try:
        return Procedure(
            code, name, time_limit, fee, fee_note, documents,
            post_allowed, personal_presence, form_set, field, code_confirmed, note, cases,
        )  # fmt: skip
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
        "code_confirmed": p.code_confirmed,
        "name": p.name,
        "field": p.field,
        "form_set": p.form_set,
        "limit": _limit_dict(p.limit),
        **_cases_dict(p.cases),
        "fee": p.fee,
        "fee_note": p.fee_note,
        "post_allowed": p.post_allowed,
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
    }


def _cases_dict(cases: tuple[Case, ...]) -> dict[str, Any]:
    if not cases:
        return {}
    return {"cases": [{"id": c.id, "name": c.name, "limit": _limit_dict(c.limit)} for c in cases]}


def _limit_dict(limit: TimeLimit) -> dict[str, Any]:
    return {"value": limit.value, "unit": limit.unit.value}


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
        """Type-ahead: code prefix, or every typed word a prefix of a word of the name (no diacritics).

        Codes are matched only when the query has a digit or a dot, so "tam" finds "tạm trú" and not
        every ``TAM.xxx`` placeholder. Order: exact code, code prefix, name starting with the typed
        words, other name matches; ties keep catalogue order. An empty query lists the catalogue
        from the start.
        """
        query = fold(text)
        if limit <= 0:
            return []
        if not query:
            return list(self._by_code.values())[:limit]
        words = _WORD.findall(query)
        code_like = any(ch.isdigit() or ch == "." for ch in query)  # "tam" is a word, not TAM.xxx
        ranked: list[tuple[int, int, Procedure]] = []
        for pos, (p, code_key, name_words) in enumerate(self._index):
            if code_like and query == code_key:
                rank = 0
            elif code_like and code_key.startswith(query):
                rank = 1
            elif words and " ".join(name_words).startswith(" ".join(words)):
                rank = 2
            elif words and all(any(w.startswith(t) for w in name_words) for t in words):
                rank = 3
            else:
                continue
            ranked.append((rank, pos, p))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [p for _, _, p in ranked[:limit]]
