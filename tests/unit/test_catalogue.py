"""Tests of desk_app.domain.catalogue: strict parsing, round trip, the seed file and type-ahead search."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.catalogue import (
    Catalogue,
    Procedure,
    RequiredDocument,
    parse_catalogue,
    procedure_to_dict,
)
from desk_app.domain.errors import DeskError, NotFound
from desk_app.domain.model import DocumentForm, LimitUnit, TimeLimit
from desk_app.domain.text import fold

SEED = Path(__file__).resolve().parents[2] / "resources" / "catalogue" / "procedures.json"

PASSPORT: dict[str, Any] = {
    "code": "1.001456",
    "name": "Cấp hộ chiếu phổ thông ở trong nước",
    "field": "Xuất nhập cảnh",
    "form_set": "general",
    "limit": {"value": 8, "unit": "working_days"},
    "fee": 200000,
    "post_allowed": False,
    "personal_presence": True,
    "documents": [
        {"name": "Tờ khai đề nghị cấp hộ chiếu (mẫu TK01)", "form": "original"},
        {"name": "Ảnh chân dung 4x6", "form": "original", "copies": 2},
    ],
}


def doc(*procedures: Any) -> dict[str, Any]:
    return {"version": 1, "procedures": list(procedures)}


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def with_docs(*documents: dict[str, Any]) -> dict[str, Any]:
    return doc(with_(PASSPORT, documents=list(documents)))


FORM = {"name": "Tờ khai", "form": "copy"}


def make(code: str, name: str) -> Procedure:
    return Procedure(code, name, TimeLimit(3), 0, "", (), True, False, "general", "Thử nghiệm")


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def catalogue(seed: dict[str, Any]) -> Catalogue:
    return Catalogue(parse_catalogue(seed))


# --- parsing ------------------------------------------------------------------------------------------


def test_parse_a_minimal_procedure() -> None:
    [p] = parse_catalogue(doc(PASSPORT))
    assert p.code == "1.001456" and p.code_confirmed and not p.placeholder_code
    assert p.limit == TimeLimit(8, LimitUnit.WORKING_DAYS)
    assert p.fee == 200000 and p.fee_note == "" and p.note == ""
    assert p.documents == (
        RequiredDocument("Tờ khai đề nghị cấp hộ chiếu (mẫu TK01)", DocumentForm.ORIGINAL),
        RequiredDocument("Ảnh chân dung 4x6", DocumentForm.ORIGINAL, copies=2),
    )
    assert p.name_key == "cap ho chieu pho thong o trong nuoc"


def test_parse_normalises_text_to_nfc() -> None:
    nfd = unicodedata.normalize("NFD", json.dumps(PASSPORT, ensure_ascii=False))
    [p] = parse_catalogue(doc(json.loads(nfd)))
    assert p == parse_catalogue(doc(PASSPORT))[0]
    texts = [p.name, p.field, *(d.name for d in p.documents)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_parse_accepts_an_unknown_fee_and_a_placeholder_code() -> None:
    changes = {"code": "tam.001", "code_confirmed": False, "fee": None, "fee_note": "Chưa rõ"}
    [p] = parse_catalogue(doc(with_(PASSPORT, **changes)))
    assert p.code == "TAM.001" and p.placeholder_code and not p.code_confirmed
    assert p.fee is None and p.fee_note == "Chưa rõ"


BAD_INPUTS: list[tuple[Any, str, str]] = [
    ([], "đối tượng JSON", "catalogue"),
    ({"procedures": [PASSPORT]}, "“version”", "catalogue"),
    ({"version": 1}, "“procedures”", "catalogue"),
    ({"version": 1, "procedures": []}, "ít nhất một", "procedures"),
    ({"version": 1, "procedures": "x"}, "danh sách", "procedures"),
    ({"version": True, "procedures": [PASSPORT]}, "“version”", "catalogue.version"),
    ({"version": 1, "procedures": [PASSPORT], "extra": 1}, "“extra”", "catalogue"),
    (doc(42), "thủ tục thứ 1: phải là một đối tượng JSON", "procedures.0"),
    (doc({k: v for k, v in PASSPORT.items() if k != "fee"}), "thiếu trường “fee”", "procedures.0"),
    (doc(with_(PASSPORT, persoal_presence=True)), "“persoal_presence”", "procedures.0"),
    (doc(with_(PASSPORT, code="1.00145")), "dạng 1.001456", "procedures.0.code"),
    (doc(with_(PASSPORT, code="TAM.001")), "code_confirmed", "procedures.0.code_confirmed"),
    (doc(with_(PASSPORT, code=1001456)), "chuỗi văn bản", "procedures.0.code"),
    (doc(with_(PASSPORT, name="  ")), "“name” không được để trống", "procedures.0.name"),
    (doc(with_(PASSPORT, limit={"value": 8, "unit": "days"})), "working_days", "procedures.0.limit.unit"),
    (doc(with_(PASSPORT, limit={"value": 0, "unit": "calendar_days"})), "“value”",
     "procedures.0.limit.value"),
    (doc(with_(PASSPORT, limit={"value": True, "unit": "working_days"})), "“value”",
     "procedures.0.limit.value"),
    (doc(with_(PASSPORT, limit={"value": 12, "unit": "hours"})), "hạn khai báo của cơ sở lưu trú",
     "procedures.0.limit.unit"),
    (doc(with_(PASSPORT, limit={"value": 2, "unit": "half_day"})), "half_day", "procedures.0.limit.value"),
    (doc(with_(PASSPORT, cases=[{"id": "csdl", "name": "Có trong CSDL", "limit": {"unit": "working_days",
                                                                              "value": 1}}])),
     "ít nhất hai trường hợp", "procedures.0.cases"),
    (doc(with_(PASSPORT, cases=[{"id": "CSDL", "name": "A", "limit": {"unit": "at_once"}},
                                {"id": "b", "name": "B", "limit": {"unit": "at_once"}}])),
     "“id”", "procedures.0.cases.0.id"),
    (doc(with_(PASSPORT, limit=8)), "“limit”", "procedures.0.limit"),
    (doc(with_(PASSPORT, fee=-1)), "“fee”", "procedures.0.fee"),
    (doc(with_(PASSPORT, fee="200000")), "“fee”", "procedures.0.fee"),
    (doc(with_(PASSPORT, fee=True)), "“fee”", "procedures.0.fee"),
    (doc(with_(PASSPORT, fee=200000.0)), "“fee”", "procedures.0.fee"),
    (doc(with_(PASSPORT, documents={"name": "x"})), "danh sách", "procedures.0.documents"),
    (with_docs(with_(FORM, form="photo")), "giấy tờ thứ 1", "procedures.0.documents.0.form"),
    (with_docs(FORM, with_(FORM, copies=0)), "giấy tờ thứ 2", "procedures.0.documents.1.copies"),
    (with_docs(with_(FORM, mandatory="yes")), "true hoặc false", "procedures.0.documents.0.mandatory"),
    (with_docs(with_(FORM, pages=2)), "“pages”", "procedures.0.documents.0"),
    (with_docs({"form": "copy"}), "thiếu trường “name”", "procedures.0.documents.0"),
    (with_docs(FORM, with_(FORM, name="TỜ KHAI")), "trùng tên", "procedures.0.documents"),
    (doc(with_(PASSPORT, post_allowed="no")), "true hoặc false", "procedures.0.post_allowed"),
    (doc(with_(PASSPORT, post_allowed=True)), "bưu chính", "procedures.0.post_allowed"),
    (doc(with_(PASSPORT, form_set="ct")), "police_residence", "procedures.0.form_set"),
    (doc(with_(PASSPORT, field="")), "“field” không được để trống", "procedures.0.field"),
    (doc(with_(PASSPORT, note=3)), "“note”", "procedures.0.note"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "fragment", "path"), BAD_INPUTS)
def test_parse_refuses(data: Any, fragment: str, path: str) -> None:
    with pytest.raises(DeskError) as info:
        parse_catalogue(data)
    assert info.value.message.startswith("Danh mục thủ tục")
    assert fragment in info.value.message
    assert info.value.field == path


def test_errors_name_the_procedure_by_index_and_code() -> None:
    second = with_(PASSPORT, code="1.004222", name="Đăng ký thường trú", fee=-5)
    with pytest.raises(DeskError, match=r"thủ tục thứ 2 \(mã 1\.004222\)"):
        parse_catalogue(doc(PASSPORT, second))


def test_duplicate_codes_are_refused() -> None:
    other = with_(PASSPORT, name="Thủ tục khác")
    with pytest.raises(DeskError, match=r"thủ tục thứ 3.*trùng với thủ tục thứ 1") as info:
        parse_catalogue(doc(PASSPORT, with_(PASSPORT, code="1.004222"), other))
    assert info.value.field == "procedures.2"


def test_procedure_constructor_enforces_invariants() -> None:
    with pytest.raises(DeskError):
        make("1001456", "Tên")
    with pytest.raises(DeskError):
        Procedure("1.001456", "Tên", TimeLimit(3), 0, "", (), True, True, "general", "Lĩnh vực")


# --- round trip -----------------------------------------------------------------------------------------

texts = st.text(st.sampled_from("abcđôưạảấ ĐÔỨ()-,."), min_size=1, max_size=30).map(
    lambda s: " ".join(s.split())
)
names = texts.filter(bool)


limits = st.one_of(
    st.builds(
        TimeLimit, st.integers(1, 400), st.sampled_from([LimitUnit.WORKING_DAYS, LimitUnit.CALENDAR_DAYS])
    ),
    st.just(TimeLimit(1, LimitUnit.HALF_DAY)),
    st.just(TimeLimit(0, LimitUnit.AT_ONCE)),
)


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    docs = draw(st.lists(names, max_size=4, unique_by=fold))
    placeholder = draw(st.booleans())
    if placeholder:
        code = f"TAM.{draw(st.integers(0, 999)):03d}"
    else:
        code = f"{draw(st.integers(0, 9))}.{draw(st.integers(0, 999_999)):06d}"
    presence = draw(st.booleans())
    return Procedure(
        code=code,
        name=draw(names),
        limit=draw(limits),
        fee=draw(st.none() | st.integers(0, 10_000_000)),
        fee_note=draw(texts | st.just("")),
        documents=tuple(
            RequiredDocument(
                n,
                draw(st.sampled_from(list(DocumentForm))),
                draw(st.integers(1, 5)),
                draw(st.booleans()),
                draw(texts | st.just("")),
            )
            for n in docs
        ),
        post_allowed=False if presence else draw(st.booleans()),
        personal_presence=presence,
        form_set=draw(st.sampled_from(["general", "police_residence"])),
        field=draw(names),
        code_confirmed=False if placeholder else draw(st.booleans()),
        note=draw(texts | st.just("")),
    )


@given(procedures())
def test_round_trip_through_json(p: Procedure) -> None:
    stored = json.loads(json.dumps(doc(procedure_to_dict(p)), ensure_ascii=False))
    assert parse_catalogue(stored) == [p]


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# --- the seed file ----------------------------------------------------------------------------------------


def test_seed_file_parses_and_round_trips(seed: dict[str, Any]) -> None:
    procs = parse_catalogue(seed)
    assert len(procs) == 13
    notice, confirmation = (next(p for p in procs if p.code == c) for c in ("2.001159", "1.010041"))
    assert notice.limit == TimeLimit(0, LimitUnit.AT_ONCE) and not notice.documents  # was TAM.008
    cases = [(c.id, c.limit) for c in confirmation.cases]
    assert cases == [("csdl", TimeLimit(1, LimitUnit.HALF_DAY)), ("xac-minh", TimeLimit(3))]
    assert not any(p.code == "TAM.008" for p in procs)
    assert parse_catalogue(doc(*(procedure_to_dict(p) for p in procs))) == procs
    assert "Cổng Dịch vụ công" in seed["note"]


def test_seed_file_is_nfc() -> None:
    raw = SEED.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)


def test_seed_known_procedures(catalogue: Catalogue) -> None:
    passport = catalogue.get("1.001456")
    assert (passport.limit, passport.fee, passport.field) == (TimeLimit(8), 200000, "Xuất nhập cảnh")
    assert [d.copies for d in passport.documents if d.name.startswith("Ảnh")] == [2]
    assert catalogue.get("1.004222").fee == 20000 and catalogue.get("1.004222").form_set == "police_residence"
    assert catalogue.get("1.004194").limit == TimeLimit(3) and catalogue.get("1.004194").fee == 15000
    cccd = catalogue.get("2.000200")
    assert cccd.fee == 0 and cccd.personal_presence and not cccd.post_allowed
    foreigner = next(p for p in catalogue if "người nước ngoài" in p.name)
    assert foreigner.limit == TimeLimit(0, LimitUnit.AT_ONCE) and foreigner.fee == 0  # a notice (issue 17)
    seal = next(p for p in catalogue if p.name == "Đăng ký mẫu con dấu mới")
    assert seal.fee is None and seal.fee_note and seal.limit == TimeLimit(3)


def test_seed_placeholders_are_marked(catalogue: Catalogue) -> None:
    for p in catalogue:
        assert p.placeholder_code == (not p.code_confirmed), p.code
        if p.placeholder_code:
            assert "chưa xác định" in p.note
    assert sum(p.placeholder_code for p in catalogue) == 7
    assert {p.code for p in catalogue if p.code_confirmed} == {
        "1.001456", "1.004222", "1.004194", "2.000200", "2.001159", "1.010041",
    }  # fmt: skip


# --- catalogue and search -----------------------------------------------------------------------------------


def test_get_len_iter_contains(catalogue: Catalogue) -> None:
    assert len(catalogue) == 13
    assert [p.code for p in catalogue][:5] == ["1.001456", "1.004222", "1.004194", "1.010041", "2.000200"]
    assert catalogue.get(" tam.001 ").code == "TAM.001"
    assert "1.001456" in catalogue and "9.999999" not in catalogue
    with pytest.raises(NotFound) as info:
        catalogue.get("9.999999")
    assert info.value.message.startswith("Không có thủ tục mã 9.999999")


def test_catalogue_refuses_duplicate_codes() -> None:
    with pytest.raises(DeskError, match="trùng"):
        Catalogue([make("1.000001", "A"), make("1.000001", "B")])


@pytest.mark.parametrize(
    "query", ["ho chieu", "HỘ CHIẾU", "hộ chiếu", "1.0014", "1.001456", "cap ho", "chieu pho"]
)
def test_search_finds_the_passport_first(catalogue: Catalogue, query: str) -> None:
    assert catalogue.search(query)[0].code == "1.001456"


def test_search_nfd_and_d_folding(catalogue: Catalogue) -> None:
    assert catalogue.search(unicodedata.normalize("NFD", "Đăng ký tạm trú"))[0].code == "1.004194"
    assert [p.code for p in catalogue.search("dang ky tam")] == [
        p.code for p in catalogue.search("ĐĂNG KÝ TẠM")
    ]


def test_search_tam_tru_finds_temporary_residence_not_placeholders(catalogue: Catalogue) -> None:
    codes = [p.code for p in catalogue.search("tam tru")]
    assert codes[0] == "1.004194" and "TAM.001" in codes  # khai báo tạm trú cho người nước ngoài
    assert all("tam" in fold(p.name) for p in catalogue.search("tam"))


def test_search_no_match_limit_and_empty_query(catalogue: Catalogue) -> None:
    assert catalogue.search("xyz khong co") == []
    assert len(catalogue.search("dang", limit=2)) == 2
    assert catalogue.search("dang", limit=0) == []
    assert catalogue.search("   ", limit=3) == list(catalogue)[:3]


def test_search_ranking_is_code_then_name_prefix_then_words_and_stable() -> None:
    cat = Catalogue([
        make("1.000003", "Đổi giấy phép lái xe"),
        make("1.000002", "Giấy phép kinh doanh"),
        make("1.000004", "Cấp lại giấy phép"),
        make("1.000001", "Đăng ký xe"),
    ])  # fmt: skip
    assert [p.code for p in cat.search("giay phep")] == ["1.000002", "1.000003", "1.000004"]
    assert [p.code for p in cat.search("1.000001")] == ["1.000001"]
    assert [p.code for p in cat.search("1.00000")] == ["1.000003", "1.000002", "1.000004", "1.000001"]
    assert [p.code for p in cat.search("xe")] == ["1.000003", "1.000001"]
    assert [p.code for p in cat.search("lai xe")] == ["1.000003"]  # every word must match


def test_search_code_matches_come_before_name_matches() -> None:
    cat = Catalogue([make("1.000002", "Thay thế thủ tục 1.000001"), make("1.000001", "Thủ tục gốc")])
    assert [p.code for p in cat.search("1.000001")] == ["1.000001", "1.000002"]
    assert [p.code for p in cat.search("1.00000")] == ["1.000002", "1.000001"]


@given(st.data())
def test_every_seed_procedure_is_found_by_its_own_name(catalogue: Catalogue, data: st.DataObject) -> None:
    p = data.draw(st.sampled_from(list(catalogue)))
    variant = data.draw(
        st.sampled_from([p.name, p.name.upper(), fold(p.name), unicodedata.normalize("NFD", p.name)])
    )
    assert catalogue.search(variant, limit=50)[0] == p
