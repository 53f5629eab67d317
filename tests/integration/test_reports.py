"""The supervisor's figures and the register book, against a hand-built day: every status and channel and
the boundaries (received at 23:59, due exactly today, returned one minute late)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import Action
from desk_app.domain.model import VN_TZ
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.mailin import open_handover
from desk_app.services.reports import export_register, figure_dossiers, figures
from tests.actors import OFFICER, SUPERVISOR, add_accounts
from tests.conftest import require_tool, walk_in
from tests.integration.test_cli import desk
from tests.integration.test_forms_pdf import s10

DAY = date(2026, 11, 19)  # a Thursday; "now" is Friday 20/11 10:00 (conftest)


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=VN_TZ)


class Day:
    """A station with a hand-built set of dossiers; ``codes`` by role in the story."""

    def __init__(self, station, clock) -> None:
        self.ctx, self.clock = station.ctx, clock
        add_accounts(self.ctx)
        self.n = 0
        self.codes: dict[str, str] = {}

    def receive(self, name: str, when: datetime, procedure: str = "1.004222", **extra) -> str:
        self.clock.now = max(self.clock.now, when)
        self.n += 1
        address = extra.pop("applicant_address", None)
        raw = walk_in(received_at=when.isoformat(), procedure=procedure, **extra)
        raw["applicant"] = {**raw["applicant"], "id_number": f"0790900{self.n:05d}",  # type: ignore[dict-item]
                            "full_name": f"Người nộp {name}"}  # fmt: skip
        if address:
            raw["applicant"]["address"] = address  # type: ignore[index]
        code = receive_dossier(self.ctx, OFFICER if self.n % 3 else SUPERVISOR, raw).dossier.code
        self.codes[name] = code
        return code

    def act(self, name: str, action: Action, when: datetime, **extra) -> None:
        self.clock.now = max(self.clock.now, when)
        act(self.ctx, SUPERVISOR, self.codes[name], action, at=when, **extra)


LONG_ADDRESS = ("Phòng 1203, tầng 12, tòa nhà Sài Gòn Trade Center, số 37 đường Tôn Đức Thắng, "
                "khu phố 4, Phường Sài Gòn, Thành phố Hồ Chí Minh (cũ: phường Bến Nghé, quận 1)")


@pytest.fixture
def day(station, clock) -> Day:
    """Received on 19/11 (Thursday) unless said; now is 20/11 10:00."""
    clock.now = at(DAY, 7, 0)
    story = Day(station, clock)
    story.receive("early", at(DAY, 7, 30))
    story.receive("late_night", at(DAY, 23, 59))  # still the 19th
    story.receive("next_day", at(DAY + timedelta(days=1), 0, 0))  # the 20th
    story.receive("previous", at(DAY - timedelta(days=1), 23, 59))  # the 18th
    postal = {"item_number": s10(4_200_777), "handover_record": "15/BBGN",
              "handover_at": at(DAY, 9).isoformat(), "sender_address": "Số 13 Pasteur, TP. Hồ Chí Minh",
              "return_by_post": True, "fee_paid": 20000, "post_receipt_number": "BL-0012"}  # fmt: skip
    clock.now = at(DAY, 9)
    open_handover(
        station.ctx, OFFICER, {"number": "15/BBGN", "signed_at": at(DAY, 9), "postal_worker": "Lê Văn Bưu"}
    )
    story.receive("by_post", at(DAY, 9), procedure="1.010386", channel="post", postal=postal)
    story.receive("voided", at(DAY, 10))
    story.act("voided", Action.VOID, at(DAY, 10, 5), reason="Nhập nhầm")
    story.receive("supplement", at(DAY, 11), procedure="1.004194")
    story.act("supplement", Action.REQUEST_SUPPLEMENT, at(DAY, 11, 10), reason="Thiếu ảnh")
    story.receive("refused", at(DAY, 13))
    story.act("refused", Action.REFUSE, at(DAY, 13, 20), reason="Không thuộc thẩm quyền")
    # returned on the 19th: one whose result came one minute after the due time, one on time
    for name, late in (("returned_late", True), ("returned_on_time", False)):
        code = story.receive(name, at(DAY - timedelta(days=20), 8))
        story.act(name, Action.TRANSFER, at(DAY - timedelta(days=19), 8))
        due = _due_at(story, code)
        result = due + timedelta(minutes=1) if late else due - timedelta(hours=1)
        story.act(name, Action.RESULT_RECEIVED, result)
        story.act(name, Action.RETURN, at(DAY, 14, 30))
    story.receive("extended", at(DAY - timedelta(days=2), 8))
    story.receive("long_address", at(DAY - timedelta(days=3), 9), applicant_address=LONG_ADDRESS)
    story.act("extended", Action.EXTEND, at(DAY, 15), reason="Cần xác minh", new_due=date(2026, 12, 4))
    clock.now = at(DAY + timedelta(days=1), 10)  # Friday 20/11 10:00
    return story


def _due_at(story: Day, code: str) -> datetime:
    from desk_app.services.queries import get_dossier

    return get_dossier(story.ctx, SUPERVISOR, code).due_at


def test_the_days_figures_match_the_hand_built_day(day: Day):
    f = figures(day.ctx, SUPERVISOR, DAY)
    # received on the 19th: early, late_night (23:59), by_post, supplement, refused; not the voided one,
    # not 00:00 on the 20th, not 23:59 on the 18th
    assert f.received == 5
    assert f.by_channel == {"walk_in": 4, "post": 1}
    assert f.by_procedure == {"1.004222": 3, "1.004194": 1, "1.010386": 1}
    assert sum(f.by_officer.values()) == 5 and set(f.by_officer) <= {
        OFFICER.display_name,
        SUPERVISOR.display_name,
    }
    assert f.by_hour[7] == 1 and f.by_hour[23] == 1 and f.by_hour[9] == 1 and f.by_hour[0] == 0
    assert sum(f.by_hour.values()) == 5
    assert (f.supplement_requested, f.refused, f.extended) == (1, 1, 1)
    assert (f.returned, f.returned_late) == (2, 1)  # the result one minute after the due time: late
    assert f.unsynced == len(day.codes)  # never enrolled: nothing has reached the server


def test_due_today_and_overdue_as_of_now(day: Day, clock):
    # now Friday 20/11 10:00. Receipts on Thu 19/11 for 1.004222 (7 working days) are due later; the ones
    # received on 18/11 and 20/11 too. A dossier due at 16:00 today counts as due today until 16:00.
    today = DAY + timedelta(days=1)
    code = day.receive("due_today", at(date(2026, 11, 11), 9))  # 7 working days from Wed 11/11: Fri 20/11
    clock.now = at(today, 10)
    due = _due_at(day, code)
    assert due.date() == today, due
    f = figures(day.ctx, SUPERVISOR, today)
    due_now = {r["code"] for r in figure_dossiers(day.ctx, SUPERVISOR, "due_today", today, today)}
    assert f.due_today == len(due_now) >= 1 and code in due_now  # with the mail-in of the 19th (1 day)
    assert {_due_at(day, c) for c in due_now} == {due}  # all due at the return time
    before = f.overdue
    clock.now = due + timedelta(minutes=1)  # one minute past: still due that day, and now overdue too
    g = figures(day.ctx, SUPERVISOR, today)
    assert g.due_today == f.due_today and g.overdue == before + len(due_now)
    assert code in {r["code"] for r in figure_dossiers(day.ctx, SUPERVISOR, "overdue", today, today)}


def test_a_days_figures_read_the_same_whenever_they_are_asked(day: Day, clock):
    """report day --date D: as the figures stood at the end of D — the summary printed next month reads as
    the one printed that evening, though dossiers were returned, extended and supplemented since."""
    today = DAY + timedelta(days=1)  # Friday 20/11
    due = day.receive("due_friday", at(date(2026, 11, 11), 9))  # 7 working days: Fri 20/11 16:00
    late = day.receive("late_friday", at(date(2026, 11, 10), 9))  # due Thu 19/11: overdue on Friday
    waiting = day.receive("waiting", at(date(2026, 11, 11), 10))  # due Friday too, then asked for papers
    clock.now = at(today, 20)  # Friday evening
    evening = figures(day.ctx, SUPERVISOR, today)
    lists = {f: figure_dossiers(day.ctx, SUPERVISOR, f, today, today) for f in ("due_today", "overdue")}
    assert {due, waiting} <= {r["code"] for r in lists["due_today"]}
    assert {due, late, waiting} <= {r["code"] for r in lists["overdue"]}
    # the weeks after: one returned, one extended, one asked for papers and supplemented (a new due time)
    day.act("due_friday", Action.TRANSFER, at(date(2026, 11, 23), 8))
    day.act("due_friday", Action.RESULT_RECEIVED, at(date(2026, 11, 23), 9))
    day.act("due_friday", Action.RETURN, at(date(2026, 11, 23), 10))
    day.act("waiting", Action.REQUEST_SUPPLEMENT, at(date(2026, 11, 23), 8), reason="Thiếu giấy tờ")
    day.act("waiting", Action.SUPPLEMENTED, at(date(2026, 11, 25), 8))
    clock.now = at(date(2026, 12, 21), 9)  # a month later
    later = figures(day.ctx, SUPERVISOR, today)
    assert (later.due_today, later.overdue) == (evening.due_today, evening.overdue)
    again = {f: figure_dossiers(day.ctx, SUPERVISOR, f, today, today) for f in ("due_today", "overdue")}
    assert {f: sorted(r["code"] for r in rows) for f, rows in again.items()} == {
        f: sorted(r["code"] for r in rows) for f, rows in lists.items()
    }
    monday = date(2026, 11, 23)  # that Monday's figures read as they stood that Monday evening
    overdue_monday = {r["code"] for r in figure_dossiers(day.ctx, SUPERVISOR, "overdue", monday, monday)}
    assert late in overdue_monday and due not in overdue_monday  # returned that morning
    assert waiting not in overdue_monday  # its clock stopped: waiting for the papers
    assert figures(day.ctx, SUPERVISOR, monday).overdue == len(overdue_monday)


def test_each_figure_opens_the_dossiers_behind_it(day: Day):
    def codes(figure: str, key: str = "") -> set[str]:
        return {r["code"] for r in figure_dossiers(day.ctx, SUPERVISOR, figure, DAY, DAY, key)}

    c = day.codes
    assert codes("received") == {c["early"], c["late_night"], c["by_post"], c["supplement"], c["refused"]}
    assert codes("post") == {c["by_post"]}
    assert codes("procedure", "1.004194") == {c["supplement"]}
    assert codes("hour", "23") == {c["late_night"]}
    assert codes("refused") == {c["refused"]} and codes("extended") == {c["extended"]}
    assert codes("returned") == {c["returned_late"], c["returned_on_time"]}
    assert codes("returned_late") == {c["returned_late"]}
    assert len(codes("unsynced")) == len(c)


def test_an_empty_day_and_a_range_of_years(station, clock):
    add_accounts(station.ctx)
    empty = figures(station.ctx, SUPERVISOR, date(2026, 1, 1))
    assert empty.received == 0 and sum(empty.by_hour.values()) == 0 and empty.by_procedure == {}
    years = figures(station.ctx, SUPERVISOR, date(2020, 1, 1), date(2026, 12, 31))
    assert years.received == 0
    from desk_app.domain.accounts import AccessDenied

    with pytest.raises(AccessDenied):
        figures(station.ctx, OFFICER, date(2026, 1, 1))  # supervisors only, in the app


def test_the_register_book_as_xlsx_and_pdf(day: Day, tmp_path: Path):
    from openpyxl import load_workbook

    xlsx, pdf = tmp_path / "so.xlsx", tmp_path / "so.pdf"
    start, end = DAY - timedelta(days=30), DAY + timedelta(days=1)
    assert export_register(day.ctx, SUPERVISOR, start, end, xlsx) == len(day.codes)  # voided kept
    rows = list(load_workbook(xlsx, read_only=True).active.iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Năm"))
    body = rows[header + 1 :]
    assert {r[3] for r in body} == set(day.codes.values())
    numbers = [r[2] for r in body]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)  # running, no gaps reused
    assert all(r[1] == day.ctx.config.station.desk for r in body)  # the desk's book
    voided = next(r for r in body if r[3] == day.codes["voided"])
    assert voided[15].startswith("Đã hủy: Nhập nhầm")
    returned = next(r for r in body if r[3] == day.codes["returned_late"])
    assert (
        returned[12] is not None
        and returned[13] is not None
        and returned[14] == datetime(2026, 11, 19, 14, 30)
    )
    assert rows[header][9:12] == ("Nhận lúc", "Hẹn trả (lần đầu)", "Gia hạn đến")
    extended = next(r for r in body if r[3] == day.codes["extended"])  # both promised times
    assert extended[10] == datetime(2026, 11, 26, 16, 0) and extended[11] == datetime(2026, 12, 4, 16, 0)
    assert returned[11] is None  # never extended: one promised time
    assert {r[8] for r in body} == {"Công an phường Sài Gòn"}  # the lead agency: the station itself
    long = next(r for r in body if r[3] == day.codes["long_address"])
    assert long[7].startswith(LONG_ADDRESS)  # whole, never cut
    sheet = load_workbook(xlsx).active
    cell = next(row[7] for row in sheet.iter_rows() if row[3].value == day.codes["long_address"])
    assert cell.alignment.wrap_text  # shown wrapped inside its cell

    assert export_register(day.ctx, SUPERVISOR, start, end, pdf) == len(day.codes)
    pdftotext = require_tool("pdftotext")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "SỔ THEO DÕI HỒ SƠ" in text
    for code in day.codes.values():
        assert code in text
    assert "Người nộp late_night" in text and "Qua bưu chính" in text
    raw = subprocess.run([pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True)
    flowing = " ".join(raw.stdout.split())
    assert LONG_ADDRESS in flowing  # wrapped inside its cell, every word kept
    assert "26/11/2026 16:00 gia hạn đến 04/12/2026 16:00" in flowing  # both promised times
    assert "Cơ quan chủ trì" in flowing and "…" not in flowing
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "forms"
    artifacts.mkdir(parents=True, exist_ok=True)
    page_one = ["-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run([require_tool("pdftoppm"), *page_one, str(pdf), str(artifacts / "register")], check=True)

    empty = tmp_path / "empty.pdf"
    assert export_register(day.ctx, SUPERVISOR, date(2025, 1, 1), date(2025, 1, 31), empty) == 0
    assert "Không có hồ sơ nào" in subprocess.run([require_tool("pdftotext"), str(empty), "-"],
                                                   capture_output=True, text=True).stdout  # fmt: skip


def test_cli_report_day_and_register(tmp_path: Path):
    data = tmp_path / "desk"
    desk("init", "--agency-code", "G01.79.760.001", "--agency-name", "Công an phường Sài Gòn", "--desk", "1",
         data_dir=data)  # fmt: skip
    src = tmp_path / "in.jsonl"
    lines = []
    for i, when in enumerate(
        ("2026-11-20T08:15:00+07:00", "2026-11-20T23:59:00+07:00", "2026-11-21T00:00:00+07:00")
    ):
        raw = walk_in(received_at=when)
        raw["applicant"] = {**raw["applicant"], "id_number": f"07909000{i:04d}"}  # type: ignore[dict-item]
        lines.append(json.dumps(raw, ensure_ascii=False))
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    desk("import", str(src), data_dir=data)
    out = json.loads(desk("report", "day", "--date", "2026-11-20", "--json", data_dir=data).stdout)
    keys = ("received", "by_channel", "by_procedure", "by_officer", "by_hour", "due_today", "overdue",
            "supplement_requested", "refused", "extended", "returned", "returned_late",
            "unsynced")  # fmt: skip
    assert all(key in out for key in keys)
    assert out["received"] == 2 and out["by_channel"]["walk_in"] == 2 and out["by_hour"]["23"] == 1
    assert out["by_hour"]["8"] == 1 and out["unsynced"] == 3
    reg = tmp_path / "so.xlsx"
    done = desk("register", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(reg), data_dir=data)
    assert done.stdout.split("\t")[1].strip() == "3" and reg.exists()
    bad = desk("register", "--from", "2026-11-30", "--to", "2026-11-01", "-o", str(tmp_path / "x.pdf"),
               data_dir=data, check=False)  # fmt: skip
    assert (
        bad.returncode == 1 and "Khoảng ngày không hợp lệ" in bad.stderr and not (tmp_path / "x.pdf").exists()
    )
    wrong = desk("register", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(tmp_path / "x.txt"),
                 data_dir=data, check=False)  # fmt: skip
    assert wrong.returncode == 1 and ".xlsx" in wrong.stderr
    nodate = desk("report", "day", "--date", "20/11/2026", "--json", data_dir=data, check=False)
    assert nodate.returncode == 2 and "YYYY-MM-DD" in nodate.stderr
    # personal data and officers' names: a supervisor or an admin only, logged in, and the audit says who
    for command in (["report", "day", "--json"], ["register", "--from", "2026-11-01", "--to", "2026-11-30",
                                                  "-o", str(tmp_path / "y.xlsx")]):  # fmt: skip
        nobody = desk(*command, data_dir=data, user=None, check=False)
        assert nobody.returncode == 1 and "--user" in nobody.stderr and len(nobody.stderr.splitlines()) == 1
        officer = desk(*command, "--user", "canbo", data_dir=data, check=False)
        assert officer.returncode == 1 and "lãnh đạo" in officer.stderr, officer.stderr
        assert not (tmp_path / "y.xlsx").exists()
    audit = desk("audit", "list", "--user", "lanhdao", data_dir=data).stdout
    assert "\tlanhdao\tregister.export\t" in audit and "\tcli\t" not in audit


def test_the_daily_summary_pdf(day: Day, tmp_path: Path):
    from desk_app.services.reports import export_day_summary

    out = tmp_path / "bao-cao.pdf"
    found = export_day_summary(day.ctx, SUPERVISOR, DAY, DAY, out)
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "BÁO CÁO TÌNH HÌNH TIẾP NHẬN HỒ SƠ" in text and "Ngày 19/11/2026" in text
    lines = {" ".join(line.split()[:-1]): line.split()[-1] for line in text.splitlines() if line.split()}
    assert lines["Tiếp nhận"] == str(found.received) == "5"
    assert lines["— trong đó trễ hạn"] == "1" and lines["Từ chối tiếp nhận, giải quyết"] == "1"
    assert "Tiếp nhận theo giờ trong ngày" in text and "1.004194 — " in text
    with pytest.raises(DeskError):
        export_day_summary(day.ctx, SUPERVISOR, DAY, DAY, tmp_path / "bao-cao.txt")


def test_register_cells_never_spill_or_become_formulas():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desk_app.documents.fonts import register_fonts
    from desk_app.documents.register import FONT_SIZE, _fit, _text
    from desk_app.locator import resource

    font = register_fonts(resource("fonts")).regular
    word = "Không-có-chỗ-ngắt-" * 6  # one word far wider than its column
    lines = _fit(word, font, 60.0)
    assert len(lines) == 1 and lines[0].endswith("…") and stringWidth(lines[0], font, FONT_SIZE) <= 60.0
    many = _fit(" ".join(["Phường Sài Gòn"] * 12), font, 60.0)
    assert (
        len(many) == 2 and many[1].endswith("…") and all(stringWidth(x, font, FONT_SIZE) <= 60 for x in many)
    )
    assert _text('=HYPERLINK("x")') == '\'=HYPERLINK("x")' and _text("Lê\x07 Lợi") == "Lê Lợi"


def test_the_intake_tally_follows_every_write(day: Day):
    """The tally kept by triggers equals a count of the dossiers after saves, a void, a change of
    receipt time and a delete; a bulk load without the triggers is counted again whole."""
    from desk_app.storage import tally
    from desk_app.storage.db import make_engine

    count = (
        "SELECT substr(received_at, 1, 10), CAST(substr(received_at, 12, 2) AS INTEGER), channel, "
        "procedure_code, officer, count(*) FROM dossiers WHERE status != 'voided' GROUP BY 1, 2, 3, 4, 5"
    )

    def tallied(conn) -> set[tuple]:
        return set(conn.exec_driver_sql("SELECT day, hour, channel, procedure_code, officer, n "
                                        "FROM intake_tally WHERE n > 0").all())  # fmt: skip

    engine = make_engine(day.ctx.data_dir / "station.sqlite3")
    with engine.begin() as conn:
        assert tallied(conn) == set(conn.exec_driver_sql(count).all()) and tallied(conn)
        conn.exec_driver_sql("UPDATE dossiers SET received_at = '2026-11-19 16:45:00.000000', "
                             "officer = 'Khác' WHERE code = ?", (day.codes["early"],))  # fmt: skip
        conn.exec_driver_sql("UPDATE dossiers SET status = 'received' WHERE code = ?", (day.codes["voided"],))
        conn.exec_driver_sql("DELETE FROM dossier_events WHERE dossier_id = "
                             "(SELECT id FROM dossiers WHERE code = ?)", (day.codes["refused"],))  # fmt: skip
        conn.exec_driver_sql("DELETE FROM dossier_documents WHERE dossier_id = "
                             "(SELECT id FROM dossiers WHERE code = ?)", (day.codes["refused"],))  # fmt: skip
        conn.exec_driver_sql("DELETE FROM dossiers WHERE code = ?", (day.codes["refused"],))
        assert tallied(conn) == set(conn.exec_driver_sql(count).all())
        assert ("2026-11-19", 16, "walk_in") in {row[:3] for row in tallied(conn)}
        tally.drop_triggers(conn)
        conn.exec_driver_sql(
            "UPDATE dossiers SET status = 'voided' WHERE code = ?", (day.codes["late_night"],)
        )
        assert tallied(conn) != set(conn.exec_driver_sql(count).all())  # without the triggers: stale
        tally.rebuild(conn)
        tally.create_triggers(conn)
        assert tallied(conn) == set(conn.exec_driver_sql(count).all())
        conn.rollback()
    engine.dispose()


def test_the_register_shows_text_beyond_the_fonts_first_subset(tmp_path: Path):
    """More distinct letters than one font subset holds (every Vietnamese letter, Greek, symbols):
    every name is in the PDF's text, whichever subset its letters fell in."""
    from desk_app.documents.register import RegisterHeader, RegisterRow, render_register_pdf
    from desk_app.locator import resource

    vowels = "aăâeêioôơuưy"
    marks = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    import unicodedata

    letters = [unicodedata.normalize("NFC", v + m) for v in vowels for m in marks]
    letters += [x.upper() for x in letters] + list("đĐ€№½") + [chr(c) for c in range(0x3B1, 0x3CA)]
    names = [" ".join("".join(letters[(i + k) % len(letters)] for k in range(6)) for _ in range(2))
             for i in range(0, len(letters), 3)]  # fmt: skip
    when = at(DAY, 8)
    rows = [RegisterRow(1, i + 1, 2026, f"G01.79.760.001-261119-{i + 1:04d}", "Đăng ký thường trú", 1, name,
                        f"Số {i} đường (Ngõ) \\ {name}", when, when, None, None, None, "")
            for i, name in enumerate(names)]  # fmt: skip
    out = tmp_path / "so.pdf"
    assert render_register_pdf(
        RegisterHeader("Công an", "Phường", 1, DAY, DAY), rows, out, resource("fonts")
    ) == len(rows)
    text = subprocess.run([require_tool("pdftotext"), "-raw", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = unicodedata.normalize("NFC", text.replace("\n", " "))
    for name in names:
        assert name.split()[0] in flat
    assert "(Ngõ) \\" in flat
    fonts = subprocess.run([require_tool("pdffonts"), str(out)], capture_output=True, text=True).stdout
    regular_subsets = [line for line in fonts.splitlines() if re.match(r"[A-Z]{6}\+[^-\s]+\s", line)]
    assert len(regular_subsets) >= 2  # the letters did not fit one subset


def test_a_procedure_removed_from_the_catalogue_keeps_its_name(day: Day):
    from desk_app.storage.db import make_engine

    before = figures(day.ctx, SUPERVISOR, DAY).procedure_names
    assert before["1.010386"] and before["1.004222"]
    engine = make_engine(day.ctx.data_dir / "station.sqlite3")
    with engine.begin() as conn:
        recorded = conn.exec_driver_sql(
            "SELECT procedure_name FROM dossiers WHERE procedure_code = '1.010386' LIMIT 1"
        ).scalar()
        conn.exec_driver_sql("DELETE FROM procedures WHERE code = '1.010386'")
    engine.dispose()
    after = figures(day.ctx, SUPERVISOR, DAY)
    assert after.procedure_names["1.010386"] == recorded and after.by_procedure["1.010386"] == 1
    assert after.procedure_names["1.010386"] == before["1.010386"]
