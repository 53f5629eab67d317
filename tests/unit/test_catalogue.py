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
    PerPersonFee,
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
    "level": "province",
    "channels": ["counter", "online"],
    "fee": 200000,
    "personal_presence": True,
    "documents": [
        {"name": "Tờ khai đề nghị cấp hộ chiếu (mẫu TK01)", "form": "original"},
        {"name": "Ảnh chân dung 4x6", "form": "original", "copies": 2},
    ],
    "sources": {
        "code": "Cổng Dịch vụ công quốc gia, thủ tục 1.001456",
        "level": "tên thủ tục: (thực hiện tại cấp tỉnh)",
        "channels": "mục Cách thức thực hiện",
        "limit": "Luật 49/2019/QH14",
        "documents": "mục Thành phần hồ sơ",
        "fee": "Thông tư 25/2021/TT-BTC",
    },
}
SOURCES = tuple(
    (fact, "Văn bản thử, mục 1") for fact in ("code", "level", "channels", "limit", "documents", "fee")
)


def doc(*procedures: Any) -> dict[str, Any]:
    return {"version": 1, "procedures": list(procedures)}


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def with_docs(*documents: dict[str, Any]) -> dict[str, Any]:
    return doc(with_(PASSPORT, documents=list(documents)))


FORM = {"name": "Tờ khai", "form": "copy"}


def make(code: str, name: str, **changes: Any) -> Procedure:
    fields: dict[str, Any] = {
        "code": code, "name": name, "limit": TimeLimit(3), "fee": 0, "fee_note": "", "documents": (),
        "personal_presence": False, "form_set": "general", "field": "Thử nghiệm", "level": "commune",
        "channels": ("counter", "post"), "sources": SOURCES,
    }  # fmt: skip
    fields.update(changes)
    return Procedure(**fields)


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
    assert p.code == "1.001456" and p.level == "province" and p.channels == ("counter", "online")
    assert not p.post_allowed and p.source("limit") == "Luật 49/2019/QH14" and p.source("cases") == ""
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


def test_parse_accepts_an_unknown_fee_without_its_source() -> None:
    sources = {k: v for k, v in PASSPORT["sources"].items() if k != "fee"}
    [p] = parse_catalogue(doc(with_(PASSPORT, fee=None, fee_note="Chưa rõ", sources=sources)))
    assert p.fee is None and p.fee_note == "Chưa rõ" and p.fee_online is None


def test_parse_reads_online_and_per_person_fees() -> None:
    per = {"counter": 10000, "online": 5000, "when": "Đăng ký tạm trú theo danh sách"}
    [p] = parse_catalogue(doc(with_(PASSPORT, fee=15000, fee_online=7000, fee_per_person=per)))
    assert (p.fee, p.fee_online) == (15000, 7000)
    assert p.fee_per_person is not None and p.fee_per_person.when == "Đăng ký tạm trú theo danh sách"
    assert (p.fee_per_person.counter, p.fee_per_person.online) == (10000, 5000)


def no(key: str) -> dict[str, Any]:
    return doc({k: v for k, v in PASSPORT.items() if k != key})


def no_source(*facts: str) -> dict[str, Any]:
    return doc(with_(PASSPORT, sources={k: v for k, v in PASSPORT["sources"].items() if k not in facts}))


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
    (doc(with_(PASSPORT, code="TAM.001")), "mã quốc gia", "procedures.0.code"),
    (doc(with_(PASSPORT, code_confirmed=False)), "“code_confirmed”", "procedures.0"),
    (no("level"), "thiếu trường “level”", "procedures.0"),
    (doc(with_(PASSPORT, level="district")), "commune, province, both", "procedures.0.level"),
    (no("channels"), "thiếu trường “channels”", "procedures.0"),
    (doc(with_(PASSPORT, channels=[])), "“channels”", "procedures.0.channels"),
    (doc(with_(PASSPORT, channels=["counter", "fax"])), "counter, post, online", "procedures.0.channels"),
    (doc(with_(PASSPORT, channels=["counter", "counter"])), "mỗi cách một lần", "procedures.0.channels"),
    (doc(with_(PASSPORT, channels=["counter", "post"])), "bưu chính", "procedures.0.channels"),
    (no("sources"), "thiếu trường “sources”", "procedures.0"),
    (doc(with_(PASSPORT, sources={})), "nguồn của từng thông tin", "procedures.0.sources"),
    (no_source("limit"), "thiếu nguồn cho “limit”", "procedures.0.sources"),
    (no_source("code", "level"), "thiếu nguồn cho “code”, “level”", "procedures.0.sources"),
    (no_source("fee"), "thiếu nguồn cho “fee”", "procedures.0.sources"),
    (doc(with_(PASSPORT, sources={**PASSPORT["sources"], "limit": "  "})), "không rỗng",
     "procedures.0.sources.limit"),
    (doc(with_(PASSPORT, sources={**PASSPORT["sources"], "colour": "x"})), "“colour”",
     "procedures.0.sources"),
    (doc(with_(PASSPORT, fee_online="7000")), "“fee_online”", "procedures.0.fee_online"),
    (doc(with_(PASSPORT, fee_per_person={"online": 5000, "when": "theo danh sách"})),
     "thiếu trường “counter”", "procedures.0.fee_per_person"),
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
    (doc(with_(PASSPORT, post_allowed=False)), "“post_allowed”", "procedures.0"),
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
    with pytest.raises(DeskError, match="bưu chính"):
        make("1.001456", "Tên", personal_presence=True)
    with pytest.raises(DeskError, match="thiếu nguồn cho “limit”"):
        make("1.001456", "Tên", sources=SOURCES[:3])
    with pytest.raises(DeskError, match="cấp thực hiện"):
        make("1.001456", "Tên", level="ward")


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
    code = f"{draw(st.integers(0, 9))}.{draw(st.integers(0, 999_999)):06d}"
    presence = draw(st.booleans())
    ways = ["counter", "online"] if presence else ["counter", "post", "online"]
    channels = draw(st.lists(st.sampled_from(ways), min_size=1, unique=True))
    amounts = st.integers(0, 99_999)
    per_person = draw(st.none() | st.builds(PerPersonFee, amounts, st.none() | amounts, names))
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
        personal_presence=presence,
        form_set=draw(st.sampled_from(["general", "police_residence", "can_cuoc"])),
        field=draw(names),
        level=draw(st.sampled_from(["commune", "province", "both"])),
        channels=tuple(channels),
        sources=SOURCES,
        fee_online=draw(st.none() | st.integers(0, 10_000_000)),
        fee_per_person=per_person,
        note=draw(texts | st.just("")),
        lead_agency=draw(texts | st.just("")),
    )


@given(procedures())
def test_round_trip_through_json(p: Procedure) -> None:
    stored = json.loads(json.dumps(doc(procedure_to_dict(p)), ensure_ascii=False))
    assert parse_catalogue(stored) == [p]


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


# --- the seed file ----------------------------------------------------------------------------------------


RESIDENCE_11 = {"1.004222", "1.003197", "1.010038", "1.010039", "1.004194", "1.002755", "1.010028",
                "1.010040", "2.001159", "1.003677", "1.010041"}  # fmt: skip


def test_seed_file_parses_and_round_trips(seed: dict[str, Any]) -> None:
    procs = parse_catalogue(seed)
    assert len(procs) == 20
    notice, confirmation = (next(p for p in procs if p.code == c) for c in ("2.001159", "1.010041"))
    assert notice.limit == TimeLimit(0, LimitUnit.AT_ONCE) and not notice.documents
    cases = [(c.id, c.limit) for c in confirmation.cases]
    assert cases == [("csdl", TimeLimit(1, LimitUnit.HALF_DAY)), ("xac-minh", TimeLimit(3))]
    assert parse_catalogue(doc(*(procedure_to_dict(p) for p in procs))) == procs
    assert "Cổng Dịch vụ công" in seed["note"]


def test_seed_file_is_nfc() -> None:
    raw = SEED.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)


def test_seed_has_no_invented_code_and_every_entry_names_its_sources(catalogue: Catalogue) -> None:
    for p in catalogue:
        assert not p.code.startswith("TAM"), p.code
        for fact in ("code", "level", "channels", "limit", "documents"):
            assert p.source(fact), (p.code, fact)
        if p.fee is not None:
            assert p.source("fee"), p.code


def test_seed_holds_the_eleven_commune_residence_procedures_none_by_post(catalogue: Catalogue) -> None:
    residence = [p for p in catalogue if p.field == "Đăng ký, quản lý cư trú"]
    assert {p.code for p in residence} == RESIDENCE_11
    for p in residence:
        assert p.level == "commune" and p.channels == ("counter", "online"), p.code
        assert p.form_set == "police_residence" and "A." in p.source("code")
    permanent, temporary = catalogue.get("1.004222"), catalogue.get("1.004194")
    assert (permanent.limit, permanent.fee, permanent.fee_online) == (TimeLimit(7), 20000, 10000)
    assert (temporary.limit, temporary.fee, temporary.fee_online) == (TimeLimit(3), 15000, 7000)
    assert temporary.fee_per_person == PerPersonFee(10000, 5000, "Đăng ký tạm trú theo danh sách")
    assert "75/2022/TT-BTC" in temporary.fee_note and "Hội đồng nhân dân" not in temporary.fee_note
    absent = catalogue.get("1.010040")  # "30 ngày" without "làm việc": calendar days, said in the note
    assert [c.limit for c in absent.cases] == [
        TimeLimit(5),
        TimeLimit(30, LimitUnit.CALENDAR_DAYS),
        TimeLimit(60, LimitUnit.CALENDAR_DAYS),
    ]
    assert "tạm hiểu" in absent.note


def test_seed_levels_keep_provincial_procedures_from_a_ward_desk(catalogue: Catalogue) -> None:
    passport = catalogue.get("1.001456")
    assert (
        passport.level == "province"
        and not passport.offered_at("commune")
        and passport.offered_at("province")
    )
    assert "cấp tỉnh" in passport.level_refusal("commune") and passport.fee is None  # 200,000 not confirmed
    lost = catalogue.get("1.010386")  # a lost passport is reported at the commune, by post too
    assert lost.offered_at("commune") and lost.post_allowed and lost.limit == TimeLimit(1)
    vehicle = catalogue.get("1.013067")
    assert vehicle.level == "both" and vehicle.offered_at("commune") and vehicle.personal_presence
    assert [c.limit for c in vehicle.cases] == [TimeLimit(2), TimeLimit(7)]
    cmnd = catalogue.get("2.001178")
    assert cmnd.level == "province" and [c.id for c in cmnd.cases] == ["csdl", "chua-co-csdl"]


# --- catalogue and search -----------------------------------------------------------------------------------


def test_get_len_iter_contains(catalogue: Catalogue) -> None:
    assert len(catalogue) == 20
    assert [p.code for p in catalogue][:3] == ["1.004222", "1.003197", "1.010038"]
    assert catalogue.get(" 1.004194 ").code == "1.004194"
    assert "1.001456" in catalogue and "9.999999" not in catalogue
    with pytest.raises(NotFound) as info:
        catalogue.get("9.999999")
    assert info.value.message.startswith("Không có thủ tục mã 9.999999")


def test_catalogue_refuses_duplicate_codes() -> None:
    with pytest.raises(DeskError, match="trùng"):
        Catalogue([make("1.000001", "A"), make("1.000001", "B")])


@pytest.mark.parametrize(
    "query",
    ["cap ho chieu", "CẤP HỘ CHIẾU", "cấp hộ chiếu", "1.0014", "1.001456", "cap ho", "pho thong o trong"],
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
    assert codes[0] == "1.004194" and "1.002755" in codes and "1.010028" in codes
    assert all("tam" in fold(p.name) for p in catalogue.search("tam"))


def test_search_by_the_initials_of_the_name(catalogue: Catalogue) -> None:
    """Issue 18, part 5: "dktt" — the first letters of Đăng ký thường trú — as an officer abbreviates."""
    assert {p.code for p in catalogue.search("dktt")[:2]} == {"1.004222", "1.004194"}  # thường trú, tạm trú
    assert catalogue.search("xdktt")[0].code == "1.003197"  # Xóa đăng ký thường trú
    assert catalogue.search("kbtv")[0].code == "1.003677"  # Khai báo tạm vắng
    assert catalogue.search("tbmhc")[0].code == "1.010386"  # Trình báo mất hộ chiếu (…)
    assert catalogue.search("d")[0].code != "" and not catalogue.search("qqq")  # one letter: words only


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
