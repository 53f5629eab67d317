"""``desk-app self-test``: prove this installation works end to end, offscreen.

It opens the configured station if there is one (config, migrations, calendar), then on a scratch
station in a temporary directory: receives a sample dossier, renders its receipt, rasterises the PDF
with QtPdf (composited on white) and decodes the barcode with zxing-cpp, and shows and closes the main
window, printing the time to the first shown window. Exit 0 only if every step worked.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

SAMPLE_QR = "034303011829||Nguyễn Thị Hoa|21032003|Nữ|Thôn Lai Ổn, An Quý, Quỳnh Phụ, Thái Bình|14082021"


def _step(name: str, action: Callable[[], str]) -> bool:
    try:
        detail = action()
    except Exception as exc:  # a self-test reports every failure and goes on
        print(f"FAIL  {name}: {exc}")
        traceback.print_exc()
        return False
    print(f"OK    {name}{': ' + detail if detail else ''}")
    return True


def decode_pdf_codes(pdf: Path, dpi: int = 150) -> list[str]:
    """Render each page of ``pdf`` with QtPdf on white and return every barcode text zxing-cpp finds."""
    import zxingcpp
    from PIL import Image
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    if doc.load(str(pdf)) != QPdfDocument.Error.None_:
        raise RuntimeError(f"QtPdf could not open {pdf}")
    found: list[str] = []
    for page in range(doc.pageCount()):
        size_pt = doc.pagePointSize(page)
        size = QSize(int(size_pt.width() * dpi / 72), int(size_pt.height() * dpi / 72))
        rendered = doc.render(page, size)
        white = QImage(size, QImage.Format.Format_RGB888)
        white.fill(QColor("white"))
        painter = QPainter(white)
        painter.drawImage(0, 0, rendered)
        painter.end()
        buffer = bytes(white.constBits())[: white.sizeInBytes()]
        image = Image.frombuffer(
            "RGB", (size.width(), size.height()), buffer, "raw", "RGB", white.bytesPerLine(), 1
        )
        found += [r.text for r in zxingcpp.read_barcodes(image)]
    doc.close()
    return found


def run_window_check(data_dir: Path) -> int:
    """``self-test --window``: start as the desk starts — the main window first, then the station — and
    print a line at each, with the seconds since this process began (read by the start-up benchmark of
    the bundle against the source, which also times the lines from outside)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desk_app.gui.app import launch

    began = time.perf_counter()

    def shown() -> None:
        print(f"OK    main window shown after {time.perf_counter() - began:.3f} s", flush=True)

    window, station = launch(data_dir, interactive=False, on_shown=shown)
    print(f"OK    station open after {time.perf_counter() - began:.3f} s", flush=True)
    tasks = window.shell.tasks
    tasks.wait_idle()  # the list's first page and the upkeep's checks, started by the window
    window.close()
    tasks.shutdown()
    station.close()
    return 0


def run_self_test(data_dir: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desk_app import bootstrap
    from desk_app.config import Config, Counter
    from desk_app.domain.accounts import User
    from desk_app.gui.app import build_main_window
    from desk_app.services.accounts import authenticate, create_first_admin
    from desk_app.services.demo import DEMO_STATION
    from desk_app.services.intake import receive_dossier
    from desk_app.services.receipts import write_receipt

    app = QApplication.instance() or QApplication(["desk-app-self-test"])
    results: list[bool] = []
    if (data_dir / "station.toml").exists():

        def open_configured() -> str:
            station = bootstrap.open_station(data_dir)
            station.close()
            return f"{station.ctx.config.station.agency_code}, bàn {station.ctx.config.station.desk}"

        results.append(_step("open the configured station", open_configured))
    else:
        print(f"INFO  no station configured in {data_dir}; checking on a scratch station only")

    with tempfile.TemporaryDirectory(prefix="desk-app-selftest-") as tmp:
        scratch_config = Config(DEMO_STATION, Counter(officer_name="Tự kiểm tra"))
        scratch = bootstrap.initialise_station(Path(tmp) / "station", scratch_config)
        state: dict[str, str] = {}
        actor: list[User] = []
        try:

            def login() -> str:
                secret = secrets.token_urlsafe(12)
                create_first_admin(scratch.ctx, "selftest", secret, "Tự kiểm tra")
                actor.append(authenticate(scratch.ctx, "selftest", secret))
                return "argon2id account created and logged in"

            def receive() -> str:
                form = {"name": "Tờ khai đề nghị cấp hộ chiếu", "copies": 1, "form": "original"}
                raw = {"procedure": "1.010386", "citizen_qr": SAMPLE_QR, "documents": [form]}
                state["code"] = receive_dossier(scratch.ctx, actor[0], raw).dossier.code
                return state["code"]

            def receipt() -> str:
                pdf = Path(tmp) / "receipt.pdf"
                write_receipt(scratch.ctx, actor[0], state["code"], pdf)
                codes = decode_pdf_codes(pdf)
                if codes.count(state["code"]) < 2:
                    raise RuntimeError(f"the receipt's barcodes decode as {codes}, expected {state['code']}")
                return f"{len(codes)} barcodes decoded"

            def window() -> str:
                started = time.perf_counter()
                win = build_main_window(scratch, actor[0])
                win.show()
                app.processEvents()
                shown = time.perf_counter() - started
                if not win.isVisible():
                    raise RuntimeError("the main window did not show")
                win.close()
                app.processEvents()
                return f"first window shown in {shown * 1000:.0f} ms"

            results.append(_step("create an account and log in", login))
            results.append(bool(actor) and _step("receive a sample dossier", receive))
            results.append(bool(state.get("code")) and _step("render and decode the receipt", receipt))
            results.append(_step("show and close the main window", window))
        finally:
            scratch.close()
    ok = all(results)
    print("self-test: " + ("all checks passed" if ok else "FAILED"))
    return 0 if ok else 1
