"""Issue 19, part 4: the provincial view in a real browser — headless Chromium from the distribution's
packages, driven by Selenium through the packaged chromium-driver (nothing downloaded at test time) —
against ``desk-central serve --workers 2`` on PostgreSQL (a session begun on one worker is read by the
other: none keeps state), fed by two desks that enrolled and synced as a station does.

A provincial supervisor logs in, sees both desks on the overview, opens the overdue list, drills into the
overdue dossier and its history, exports the list as CSV (the file lands in the download folder); a
district user of the other ward sees only that ward, and the first ward's dossier is refused by URL.
Every page is checked to fit 1366×768 without a sideways scroll, and screenshots are saved to
``test-artifacts/screens/central/`` to be looked at. Each wait is for something the browser shows (an
element, a file), with a deadline that only ends a hang."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desk_app.domain.model import VN_TZ
from tests.central_server import Central
from tests.central_web_support import PASSWORD
from tests.conftest import require_tool, walk_in
from tests.integration.test_cli import desk

SCREENS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens" / "central"
WARDS = {"G01.79.760.001": "Công an phường Sài Gòn", "G01.79.761.002": "Công an phường Bến Thành"}


def _browser(downloads: Path) -> Any:
    chromium, driver = require_tool("chromium"), require_tool("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("selenium is required in CI but is not installed")
        pytest.skip("selenium is not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",
        "--lang=vi",
        "--disable-gpu",
        "--no-first-run",
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    browser = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return browser


def _until(what: str, check: Any, deadline_s: float = 60) -> Any:
    """Poll ``check`` until it gives something (an observed event); the deadline only ends a hang."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"never happened: {what}")


def _desk(tmp_path: Path, central: Central, agency: str, *received: datetime) -> list[str]:
    data = tmp_path / agency
    desk("init", "--agency-code", agency, "--agency-name", WARDS[agency], "--desk", "1", data_dir=data)
    lines = []
    for i, at in enumerate(received):
        raw = walk_in(received_at=at.isoformat())
        raw["applicant"] = {**raw["applicant"], "id_number": f"07909000{i:04d}"}  # type: ignore[dict-item]
        lines.append(json.dumps(raw, ensure_ascii=False))
    src = tmp_path / f"{agency}.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    codes = desk("import", str(src), data_dir=data).stdout.split()
    for code in codes[2:]:  # a result that came back after the due time, then returned: a late return
        for step in ("transfer", "result-received", "return"):
            desk("act", code, step, data_dir=data)
    token = central.token(agency, 1, f"{WARDS[agency]} — bàn 1")
    desk("enroll", "--server", central.url, "--token", token, data_dir=data)
    assert "acknowledged\t" in desk("sync", "--once", data_dir=data).stdout
    return codes


def _user(central: Central, name: str, role: str, scope: str, full_name: str) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "desk_app.central",
            "user",
            "add",
            name,
            "--role",
            role,
            "--scope",
            scope,
            "--full-name",
            full_name,
            "--db",
            central.db,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DESK_CENTRAL_NEW_PASSWORD": PASSWORD},
    )
    assert out.returncode == 0, out.stderr


@pytest.fixture
def provincial(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Central, dict[str, list[str]]]]:
    from tests.pg import new_database

    central = Central(tmp_path, new_database(request.getfixturevalue("postgres_base")), workers=2)
    central.start()
    try:
        now = datetime.now(VN_TZ).replace(microsecond=0)
        codes = {
            "G01.79.760.001": _desk(
                tmp_path, central, "G01.79.760.001", now - timedelta(hours=1), now - timedelta(days=12),
                now - timedelta(days=11),
            ),  # the second one is long overdue, the third returned late
            "G01.79.761.002": _desk(tmp_path, central, "G01.79.761.002", now - timedelta(hours=2)),
        }
        _user(central, "hcm.giamsat", "province", "G01.79", "Trần Văn Giám")
        _user(central, "q1.giamsat", "district", "G01.79.761", "Lý Thị Quận")
        yield central, codes
    finally:
        central.stop()


def _shot(browser: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1366, max(768, min(int(height) + 140, 4000)))  # the whole page in the picture
    browser.save_screenshot(str(SCREENS / f"{name}.png"))
    browser.set_window_size(1366, 768)


def _fits(browser: Any) -> None:
    wide = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{browser.current_url}: {wide[0]} px wide in a {wide[1]} px window"


def _log_in(browser: Any, url: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{url}/view/login")
    browser.find_element(By.ID, "username").send_keys(name)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login").click()
    _until("the overview", lambda: browser.find_elements(By.ID, "stations"))


@pytest.mark.slow
def test_a_supervisor_answers_the_questions_in_a_real_browser(
    provincial: tuple[Central, dict[str, list[str]]], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    central, codes = provincial
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser = _browser(downloads)
    try:
        _log_in(browser, central.url, "hcm.giamsat")
        rows = browser.find_elements(By.CSS_SELECTOR, "#stations tbody tr[data-key]")
        assert [r.get_attribute("data-key") for r in rows] == ["G01.79.760.001-1", "G01.79.761.002-1"]
        first = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
        assert first[1] == "1" and first[3] == "1" and first[5] == "1"  # received today; overdue; late
        assert "Công an phường Sài Gòn" in first[0] and first[7] not in ("", "—")  # its build
        _fits(browser)
        _shot(browser, "overview")

        rows[0].find_element(By.TAG_NAME, "a").click()
        _until("the station's page", lambda: browser.find_elements(By.ID, "by-procedure"))
        assert "1.010386" in browser.find_element(By.ID, "by-procedure").text
        _fits(browser)
        _shot(browser, "station")

        browser.find_element(By.LINK_TEXT, "Theo thủ tục").click()
        by_procedure = _until("the scope by procedure", lambda: browser.find_elements(By.ID, "procedures"))
        assert "1.010386" in by_procedure[0].text
        _fits(browser)
        _shot(browser, "procedures")

        browser.find_element(By.LINK_TEXT, "Quá hạn").click()
        overdue = _until(
            "the overdue list", lambda: browser.find_elements(By.CSS_SELECTOR, "#dossiers tr[data-key]")
        )
        assert [r.get_attribute("data-key") for r in overdue] == [codes["G01.79.760.001"][1]]
        assert "079090000001" in overdue[0].text  # a province supervisor sees who filed it
        _fits(browser)
        _shot(browser, "overdue")
        overdue[0].find_element(By.TAG_NAME, "a").click()
        _until("the dossier's page", lambda: browser.find_elements(By.ID, "history"))
        assert codes["G01.79.760.001"][1] in browser.find_element(By.ID, "dossier-code").text
        assert "Tiếp nhận hồ sơ" in browser.find_element(By.ID, "history").text
        dossier_url = browser.current_url
        _fits(browser)
        _shot(browser, "dossier")

        browser.find_element(By.LINK_TEXT, "Trả trễ hạn").click()
        rows_shown = (By.CSS_SELECTOR, "#dossiers tr[data-key]")
        late = _until("the late list", lambda: browser.find_elements(*rows_shown))
        assert [r.get_attribute("data-key") for r in late] == [codes["G01.79.760.001"][2]]
        _fits(browser)
        _shot(browser, "late")

        browser.get(f"{central.url}/view/overdue")
        _until("the overdue list again", lambda: browser.find_elements(By.ID, "export-csv")).pop().click()
        done = _until(
            "the CSV download",
            lambda: [p for p in downloads.glob("overdue-*.csv") if not p.name.endswith(".crdownload")],
        )
        lines = list(csv.reader(io.StringIO(done[0].read_text(encoding="utf-8-sig"))))
        assert lines[2][0] == codes["G01.79.760.001"][1]

        browser.delete_all_cookies()
        _log_in(browser, central.url, "q1.giamsat")  # a district of the other ward
        keys = [
            r.get_attribute("data-key")
            for r in browser.find_elements(By.CSS_SELECTOR, "#stations tr[data-key]")
        ]
        assert keys == ["G01.79.761.002-1"]
        browser.get(dossier_url)
        message = _until("the refusal", lambda: browser.find_elements(By.ID, "message"))
        assert "không có hồ sơ này trong phạm vi của bạn" in message[0].text.lower()
        _shot(browser, "refused-other-scope")
    finally:
        browser.quit()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sqlalchemy import create_engine, text; "
            "e = create_engine(sys.argv[1]); c = e.connect(); "
            "print(*c.execute(text('SELECT username, action FROM web_audit ORDER BY id')), sep='\\n')",
            central.db,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    audit = out.stdout
    assert "('hcm.giamsat', 'export')" in audit and "('q1.giamsat', 'scope.refused')" in audit
