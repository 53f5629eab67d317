"""Sample data for the demo station: realistic dossiers over the past year, inserted in bulk.

Fast enough for a million dossiers: rows are built as plain dicts and written with Core
``executemany`` in chunks inside one transaction (never ORM ``add_all``). Days with more dossiers than
one desk's block are numbered across the blocks of several desks, as a station DB that also holds its
neighbours' synced dossiers would be; this desk's own counter is kept past every number used.
"""

from __future__ import annotations

import math
import random
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from desk_app.config import Station
from desk_app.domain.accounts import Role, User
from desk_app.domain.calendar import due_date
from desk_app.domain.catalogue import Procedure
from desk_app.domain.codes import desk_for_sequence, validate_agency_code
from desk_app.domain.errors import DeskError
from desk_app.domain.model import VN_TZ, LimitUnit
from desk_app.domain.text import fold
from desk_app.services.context import DeskContext

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đoàn",
    "Lương",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Xuân", "Đình", "Ngọc"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Diệu", "Mai"]
GIVEN_M = [
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Tuấn",
    "Việt",
    "Vinh",
    "Đông",
]
GIVEN_F = [
    "An",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
]
STREETS = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Điện Biên Phủ",
    "Quang Trung",
    "Hùng Vương",
    "Phan Đình Phùng",
    "Bạch Đằng",
]
COMMUNES = [
    "Phường Hoàn Kiếm, Hà Nội",
    "Phường Ba Đình, Hà Nội",
    "Xã Quỳnh Phụ, Hưng Yên",
    "Phường Sài Gòn, TP. Hồ Chí Minh",
    "Phường Hải Châu, Đà Nẵng",
    "Xã An Quý, Hưng Yên",
]
PROVINCE_CODES = ["001", "031", "034", "038", "040", "048", "079", "092", "036", "022"]
CHUNK = 20_000


COLUMNS = (
    "uuid",
    "code",
    "seq_day",
    "seq",
    "procedure_code",
    "procedure_name",
    "channel",
    "received_at",
    "due_at",
    "due_provisional",
    "limit_value",
    "limit_unit",
    "sets",
    "fee",
    "result_delivery",
    "note",
    "officer",
    "desk",
    "fingerprint",
    "created_at",
    "applicant_name",
    "applicant_name_key",
    "applicant_id_number",
    "applicant_birth_date",
    "applicant_sex",
    "applicant_address",
    "applicant_phone",
    "applicant_email",
    "form_set",
    "status",
    "result_received_at",
    "last_event_at",
    "register_book",
    "register_number",
    "supplement_requests",
    "supplement_requested_at",
)
OFFICERS = ("Trần Văn Hòa", "Lê Thị Mai", "Phạm Quốc Đạt")
Row = tuple[Any, ...]


def random_uuid(rng: random.Random) -> str:
    """A version-4 UUID from ``rng`` (reproducible demo data), formatted without the uuid module's cost."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:32]}"


class _People:
    """Random applicants; names and their folded keys are cached (there are only a few thousand)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: dict[str, str] = {}

    def __call__(self) -> tuple[Any, ...]:
        r = self.rng.random
        female = r() < 0.5
        middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
        name = f"{SURNAMES[int(r() * len(SURNAMES))]} {middle[int(r() * 10)]} {given[int(r() * 20)]}"
        key = self.keys.get(name) or self.keys.setdefault(name, fold(name))
        year = 1950 + int(r() * 59)
        birth = date(year, 1 + int(r() * 12), 1 + int(r() * 28))
        century = (year // 100 - 19) * 2 + female
        id_number = f"{PROVINCE_CODES[int(r() * 10)]}{century}{year % 100:02d}{int(r() * 1e6):06d}"
        address = f"Số {1 + int(r() * 300)} {STREETS[int(r() * 10)]}, {COMMUNES[int(r() * 6)]}"
        return (
            name,
            key,
            id_number,
            birth,
            "Nữ" if female else "Nam",
            address,
            f"09{int(r() * 1e8):08d}",
            "",
        )


#: dossiers on a busy weekday at one desk (a counter officer's long day): the demo spreads a large
#: population over as many years as that takes, so a month of a million-dossier station looks like a
#: real busy month (~9,000 dossiers), not a year's intake squeezed into one
BUSY_DAY = 400
WEEKEND = 0.15  # a weekend day's share of a weekday's intake


def _days(now: datetime, n: int, rng: random.Random) -> list[tuple[date, int]]:
    """Spread ``n`` dossiers over the year before today and today so far — or, beyond
    :data:`BUSY_DAY` a weekday, over as many years back as needed (weekdays busier; the counter opens
    07:30–17:00), ≤ 9999 a day."""
    today = now.date()
    span = max(365, math.ceil(n / BUSY_DAY * 7 / (5 + 2 * WEEKEND)))
    days = [today - timedelta(days=k) for k in range(span, -1, -1)]
    weights = [1.0 if d.weekday() < 5 else WEEKEND for d in days]
    weights[-1] *= _open_share(now)
    total = sum(weights)
    counts = [int(n * w / total) for w in weights]
    for i in rng.sample([k for k, w in enumerate(weights) if w > 0], n - sum(counts)):
        counts[i] += 1  # never today before the counter opens
    if max(counts) > 9999:
        raise DeskError("Không thể tạo quá 9999 hồ sơ mẫu trong một ngày; hãy giảm --populate")
    return list(zip(days, counts, strict=True))


BULK_REBUILD = 50_000  # from this many dossiers, indexes are dropped and built again after the load
FULL_HISTORY_DAYS = 120  # older demo dossiers: the return event only
#: what became of demo dossiers by age: (status, cumulative share)
_OLD = (("refused", 0.05), ("returned", 1.0))
_RECENT = (("returned", 0.35), ("result_received", 0.6), ("supplement_requested", 0.7), ("refused", 0.74),
           ("transferred", 1.0))  # fmt: skip
_NEW = (("received", 0.5), ("transferred", 0.82), ("supplement_requested", 1.0))


def _open_share(now: datetime) -> float:
    """The share of today's opening hours (07:30–17:00) already past."""
    minutes = now.hour * 60 + now.minute
    return min(max((minutes - 450) / 570, 0.0), 1.0)


def _life(
    rng: random.Random, received: datetime, due: datetime, now: datetime, officer: str
) -> tuple[str, datetime | None, datetime | None, list[Row]]:
    """What became of a demo dossier by now, by its age: (status, result received at, last event at, the
    events after the receipt; a supplement request is the last event of a dossier waiting for one). Old
    ones are mostly returned (a few late, a few refused); recent ones are still with processing, waiting
    for a supplement, or ready. Beyond :data:`FULL_HISTORY_DAYS` a returned dossier keeps only its return
    event (the result time is on the row): a million-dossier demo station is built within its bound."""
    r = rng.random
    age_days = (now - received).days
    shares = _OLD if age_days > 20 else _RECENT if age_days > 4 else _NEW
    u = r()
    fate = next(name for name, upto in shares if u < upto)

    def later(base: datetime, hours: float) -> datetime:
        return min(now, base + timedelta(hours=hours))

    events: list[Row] = []

    def event(kind: str, at: datetime, reason: str = "", data: str = "{}") -> datetime:
        events.append(("", kind, at, officer, reason, data))  # the UUID is made when stored
        return at

    if fate == "received":
        return fate, None, None, events
    if fate == "supplement_requested":
        at = event("request-supplement", later(received, 2 + 20 * r()), "Thiếu bản sao giấy tờ tùy thân",
                   '{"to_status": "supplement_requested"}')  # fmt: skip
        return fate, None, at, events
    if fate == "refused":
        at = event("refuse", later(received, 4 + 40 * r()), "Hồ sơ không thuộc thẩm quyền giải quyết",
                   '{"to_status": "refused"}')  # fmt: skip
        return fate, None, at, events
    brief = age_days > FULL_HISTORY_DAYS
    sent = later(received, 0.5 + 3 * r())
    if not brief:
        event("transfer", sent, data='{"to_status": "transferred"}')
    if fate == "transferred":
        return fate, None, sent, events
    late = r() < 0.06
    result = min(now, due + timedelta(hours=2 + 30 * r()) if late else due - timedelta(hours=3 + 40 * r()))
    result = max(result, sent + timedelta(minutes=30))
    if result > now:
        return "transferred", None, sent, events
    lateness = "true" if result > due else "false"
    if not brief:
        event("result-received", result, data=f'{{"to_status": "result_received", "late": {lateness}}}')
    if fate == "result_received":
        return fate, result, result, events
    back = later(result, 1 + 70 * r())
    event("return", back, data=f'{{"to_status": "returned", "late": {lateness}}}')
    return "returned", result, back, events


def generate(
    ctx: DeskContext,
    procedures: list[Procedure],
    n: int,
    seed: int,
    first_seq: dict[date, int],
    registers: dict[tuple[int, int], int] | None = None,
) -> Iterator[tuple[Row, list[Row], list[Row]]]:
    """Yield (dossier row in COLUMNS order, document rows, later events) for ``n`` dossiers over the past
    year: about one in eight by post (procedures that allow it), each in the register book of its desk
    (``registers``: (year, book) → last number, advanced as numbers are given)."""
    rng = random.Random(seed)
    r = rng.random
    people = _People(rng)
    agency = validate_agency_code(ctx.config.station.agency_code)
    block = ctx.config.counter.sequence_block_size
    registers = registers if registers is not None else {}
    docs = {
        p.code: [(i, d.name, d.copies, d.form.value) for i, d in enumerate(p.documents, start=1)]
        for p in procedures
    }
    rules = ctx.rules
    now = ctx.clock()
    cutoff = rules.cutoff.hour * 60 + rules.cutoff.minute
    due_cache: dict[tuple[Any, str], Any] = {}
    for day, count in _days(now, n, rng):
        seq = first_seq.get(day, 1)
        if seq + count - 1 > 9999:
            raise DeskError(f"Ngày {day:%d/%m/%Y} không còn đủ số hồ sơ cho {count} hồ sơ mẫu")
        prefix = f"{agency}-{day:%y%m%d}-"
        span = 570 if day < now.date() else int(570 * _open_share(now))  # today: until now
        for m in sorted(450 + int(r() * span) for _ in range(count)):  # 07:30 to 17:00
            p = procedures[int(r() * len(procedures))]
            received = datetime.combine(day, time(m // 60, m % 60), tzinfo=VN_TZ)
            # in working days the due date depends only on the day and the side of the cutoff
            by_day = p.limit.unit in (LimitUnit.WORKING_DAYS, LimitUnit.CALENDAR_DAYS)
            key = ((day, m > cutoff) if by_day else received, p.code)  # 15:00 itself counts that day
            due = due_cache.get(key)
            if due is None:
                due = due_cache[key] = due_date(received, p.limit, ctx.calendar, rules)
            officer = OFFICERS[int(r() * 3)]
            by_post = p.post_allowed and r() < 0.4
            status, result_at, last_at, events = _life(rng, received, due.at, now, officer)
            waiting = status == "supplement_requested"
            desk = desk_for_sequence(seq, block)
            number = registers[(day.year, desk)] = registers.get((day.year, desk), 0) + 1
            row = (
                random_uuid(rng),
                f"{prefix}{seq:04d}",
                day,
                seq,
                p.code,
                p.name,
                "post" if by_post else "walk_in",
                received,
                due.at,
                due.provisional,
                p.limit.value,
                p.limit.unit.value,
                1,
                p.fee,
                "post" if by_post else "counter",
                "",
                officer,
                desk,
                f"demo-{seed}-{day.isoformat()}-{seq}",
                received,
                *people(),
                p.form_set,
                status,
                result_at,
                last_at,
                desk,
                number,
                1 if waiting else 0,
                last_at if waiting else None,
            )
            seq += 1
            yield row, docs[p.code], events


def populate(ctx: DeskContext, n: int, seed: int = 2026) -> int:
    """Insert ``n`` demo dossiers (with documents, their events and register numbers); return how many."""
    level = ctx.config.station.level  # a ward's demo receives a ward's procedures
    with ctx.uow(write=True) as uow:
        # a notice recorded at once has no life to simulate: the sample dossiers are the ones processed
        procedures = [p for p in uow.catalogue.all() if not p.limit.at_once and p.offered_at(level)]
        if not procedures:
            raise DeskError("Danh mục thủ tục đang trống")
        first_seq = {day: last + 1 for day, last in uow.dossiers.max_sequence_by_day().items()}
        if first_seq:  # populating again: other random dossiers, not the same UUIDs a second time
            seed = seed * 1_000_003 + uow.dossiers.count_between(None, None, None, None)
        rows: list[Row] = []
        documents: list[list[Row]] = []
        events: list[list[Row]] = []
        registers = uow.dossiers.register_counters()
        bulk = n >= BULK_REBUILD
        rebuilt = uow.dossiers.begin_bulk_load() if bulk else []
        for row, doc_rows, later in generate(ctx, procedures, n, seed, first_seq, registers):
            rows.append(row)
            documents.append(doc_rows)
            events.append(later)
            if len(rows) >= CHUNK:
                uow.dossiers.bulk_insert(COLUMNS, rows, documents, events)
                rows, documents, events = [], [], []
        if rows:
            uow.dossiers.bulk_insert(COLUMNS, rows, documents, events)
        uow.dossiers.advance_counters(ctx.block.first, ctx.block.last)
        for (year, book), last in registers.items():
            uow.dossiers.set_register_counter(year, book, last)
        if bulk:
            uow.dossiers.end_bulk_load(rebuilt)  # in the same transaction: all or nothing
        uow.commit()
    return n


#: the demo station's accounts (README): one per role, all with :data:`DEMO_PASSWORD`
DEMO_STATION = Station(
    agency_code="G01.79.760.001",
    agency_name="Công an phường Sài Gòn",
    desk=1,
    parent_agency="Công an Thành phố Hồ Chí Minh",
    place="TP. Hồ Chí Minh",
)
DEMO_ACCOUNTS = (
    ("canbo", "Trần Văn Hòa", Role.OFFICER),
    ("lanhdao", "Nguyễn Thị Lan", Role.SUPERVISOR),
    ("quantri", "Phạm Minh Quân", Role.ADMIN),
)
DEMO_PASSWORD = "demo-2026"


DEMO_MARK = "demo-station"  # a file in the data folder: this station was made by ``desk-app demo``


def is_demo_station(data_dir: Path) -> bool:
    """Whether ``data_dir`` holds a station ``demo`` made (its mark; a demo made before the mark existed
    is recognised by the demo's own agency in a ``demo…`` folder, and marked)."""
    if (data_dir / DEMO_MARK).is_file():
        return True
    try:
        raw = tomllib.loads((data_dir / "station.toml").read_text(encoding="utf-8")).get("station", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    legacy = (data_dir.name.startswith("demo") and raw.get("agency_code") == DEMO_STATION.agency_code
              and raw.get("agency_name") == DEMO_STATION.agency_name)  # fmt: skip
    if legacy:
        mark_demo_station(data_dir)
    return legacy


def mark_demo_station(data_dir: Path) -> None:
    from desk_app.atomic import write_text

    write_text(data_dir / DEMO_MARK, "made by desk-app demo: sample data, demo accounts\n")


def demo_admin() -> User:
    """The demo station's admin, who enrols it with the demo's central server."""
    username, name, role = DEMO_ACCOUNTS[2]
    return User(username, name, role)


def ensure_demo_accounts(ctx: DeskContext) -> bool:
    """Give a demo station that has no account yet its three sample accounts; True if it made them.

    Their published password is shorter than the password rule asks (a demo's password is public anyway):
    they are written here, not through ``add_user``. A demo made by an earlier build keeps them usable
    (migration 0010 asked every account for a new password). Only ever called on a demo station."""
    from desk_app.services.accounts import hash_password

    now = ctx.clock()
    with ctx.uow(write=True) as uow:
        if uow.accounts.count():
            for username, _name, _role in DEMO_ACCOUNTS:
                uow.accounts.update(username, {"must_change_password": False})
            uow.commit()
            return False
        for username, name, role in DEMO_ACCOUNTS:
            uow.accounts.add(
                {"username": username, "display_name": name, "role": role.value,
                 "password_hash": hash_password(DEMO_PASSWORD), "created_at": now, "password_changed_at": now}
            )  # fmt: skip
            uow.audit.append(now, "demo", "user.create", username, {"role": role.value, "demo": True})
        uow.commit()
    return True


def dossier_count(ctx: DeskContext) -> int:
    """How many dossiers the station holds (the demo fills an empty one)."""
    with ctx.uow() as uow:
        return uow.dossiers.count_between(None, None, None, None)
