"""Printing the receipt: the PDF from :mod:`desk_app.services.receipts`, painted onto a ``QPrinter``.

The receipt is rendered to a private temporary file (``<data dir>/tmp``, citizens' data), loaded with
QtPdf (``QPdfDocument``) and each page is rendered at the printer's resolution (capped at
:data:`MAX_DPI`), composited on white — QtPdf renders with a transparent background — and painted on
the printer. Direct printing runs entirely off the GUI thread (``tasks``); the preview
(``QPrintPreviewDialog``) paints on the GUI thread when the officer asks for it.

A missing or offline printer is a known error (:class:`PrinterUnavailable`) with a Vietnamese message;
the dossier stays saved and the receipt can be printed again with Ctrl+P.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desk_app.domain.errors import DeskError
from desk_app.domain.records import DossierRecord
from desk_app.gui.messages import Messenger
from desk_app.gui.print_settings import FILE_PRINTER, PrintSettings
from desk_app.gui.tasks import TaskManager
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier
from desk_app.services.receipts import render_receipt_for

log = logging.getLogger("desk_app.gui.printing")
MAX_DPI = 300  # enough for Code128 bars of 0.3 mm; keeps a page image small


def _t(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


class PrinterUnavailable(DeskError):  # noqa: N818 (a known error, like DeskError itself)
    """The printer is missing, offline or refused the job."""


def render_receipt_pdf(ctx: DeskContext, record: DossierRecord, *, a4: bool) -> Path:
    """Write the receipt of ``record`` to a new private temporary PDF; the caller deletes it."""
    folder = ctx.data_dir / "tmp"
    folder.mkdir(mode=0o700, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="receipt-", suffix=".pdf", dir=folder)
    os.close(fd)
    path = Path(name)
    try:
        render_receipt_for(ctx, record, path, a4=a4)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def open_printer(name: str, *, file_dir: Path | None = None, code: str = "receipt") -> QPrinter:
    """A ``QPrinter`` for ``name`` ("" = system default, :data:`FILE_PRINTER` = PDF in ``file_dir``)."""
    if name == FILE_PRINTER:
        if file_dir is None:
            raise ValueError("file_dir is needed to print to a file")
        file_dir.mkdir(parents=True, exist_ok=True)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(file_dir / f"{code}.pdf"))
        return printer
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo.defaultPrinter()
    if info.isNull():
        if name:
            raise PrinterUnavailable(_t("Không tìm thấy máy in “%1”. Hãy kiểm tra máy in hoặc chọn máy in "
                                        "khác trong Cài đặt → Máy in.").replace("%1", name))
        raise PrinterUnavailable(
            _t("Máy tính chưa có máy in mặc định. Hãy chọn máy in trong Cài đặt → Máy in.")
        )
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterUnavailable(_t("Máy in “%1” đang báo lỗi hoặc ngoại tuyến. Hãy kiểm tra nguồn, giấy "
                                    "và cáp của máy in.").replace("%1", info.printerName()))
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _page_setup(printer: QPrinter, size_pt: QSizeF) -> None:
    """Match the printer's paper to the PDF page (A5 or A4, portrait or landscape), no margins."""
    landscape = size_pt.width() > size_pt.height()
    portrait = QSizeF(min(size_pt.width(), size_pt.height()), max(size_pt.width(), size_pt.height()))
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setFullPage(True)
    layout = QPageLayout(QPageSize(portrait, QPageSize.Unit.Point), orientation, QMarginsF(0, 0, 0, 0))
    if not printer.setPageLayout(layout):
        printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point))
        printer.setPageOrientation(orientation)


def page_image(doc: QPdfDocument, page: int, dpi: int) -> QImage:
    """Page ``page`` rendered at ``dpi`` and composited on white (QtPdf leaves it transparent)."""
    size_pt = doc.pagePointSize(page)
    pixels = QSize(max(1, round(size_pt.width() / 72 * dpi)), max(1, round(size_pt.height() / 72 * dpi)))
    rendered = doc.render(page, pixels)
    sheet = QImage(pixels, QImage.Format.Format_RGB32)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return sheet


def paint_document(doc: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``doc`` on ``printer``; return the page count. Safe off the GUI thread."""
    pages = doc.pageCount()
    if pages <= 0:
        raise DeskError(_t("Tệp biên nhận không có trang nào để in"))
    _page_setup(printer, doc.pagePointSize(0))
    painter = QPainter()
    if not painter.begin(printer):
        message = _t("Không gửi được lệnh in tới máy in “%1”.")
        raise PrinterUnavailable(message.replace("%1", printer.printerName()))
    try:
        dpi = max(72, min(printer.resolution(), MAX_DPI))
        for page in range(pages):
            if page and not printer.newPage():
                raise PrinterUnavailable(_t("Máy in ngừng nhận trang khi đang in."))
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            target.moveTo(0, 0)
            painter.drawImage(target, page_image(doc, page, dpi))
    finally:
        painter.end()
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterUnavailable(_t("Máy in “%1” báo lỗi khi in.").replace("%1", printer.printerName()))
    return pages


def load_pdf(path: Path, parent: QObject | None = None) -> QPdfDocument:
    doc = QPdfDocument(parent) if parent is not None else QPdfDocument()
    if doc.load(str(path)) != QPdfDocument.Error.None_:
        raise DeskError(_t("Không đọc được tệp biên nhận %1").replace("%1", str(path)))
    return doc


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Print the PDF file ``path`` on ``printer``; return the page count."""
    doc = load_pdf(path)
    try:
        return paint_document(doc, printer)
    finally:
        doc.close()


def print_receipt_job(ctx: DeskContext, what: DossierRecord | str, settings: PrintSettings) -> str:
    """Worker-thread job: render the receipt and print it; return where it went (printer or file)."""
    record = what if isinstance(what, DossierRecord) else get_dossier(ctx, what)
    printer = open_printer(settings.printer, file_dir=ctx.data_dir / "receipts", code=record.code)
    printer.setDocName(record.code)
    pdf = render_receipt_pdf(ctx, record, a4=settings.a4)
    try:
        print_pdf(pdf, printer)
    finally:
        pdf.unlink(missing_ok=True)
    where = printer.outputFileName() or printer.printerName()
    log.info("receipt %s printed to %s", record.code, where)
    return where


class ReceiptPrinting(QObject):
    """Prints receipts with the counter's settings; ``printed(code, where)`` after each success."""

    printed = Signal(str, str)

    def __init__(self, ctx: DeskContext, tasks: TaskManager, messages: Messenger, settings: PrintSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._tasks, self._messages = ctx, tasks, messages
        self.settings = settings
        self._previews: list[tuple[QPrintPreviewDialog, QPrinter]] = []  # open previews and their printers

    def print_receipt(self, what: DossierRecord | str, parent: QWidget | None = None) -> None:
        """Print (or preview, per the settings) the receipt of a dossier or a dossier code."""
        settings = self.settings
        code = what.code if isinstance(what, DossierRecord) else what
        if settings.preview:
            self._tasks.run(partial(self._render_for_preview, what, settings), name="receipt-preview",
                            on_done=lambda result: self._show_preview(result, settings, parent),
                            on_error=lambda exc: self._failed(code, exc, parent))
            return
        self._tasks.run(partial(print_receipt_job, self._ctx, what, settings), name="receipt-print",
                        on_done=lambda where: self.printed.emit(code, where),
                        on_error=lambda exc: self._failed(code, exc, parent))

    def _render_for_preview(self, what: DossierRecord | str, settings: PrintSettings) -> tuple[str, Path]:
        record = what if isinstance(what, DossierRecord) else get_dossier(self._ctx, what)
        return record.code, render_receipt_pdf(self._ctx, record, a4=settings.a4)

    def _failed(self, code: str, exc: DeskError, parent: QWidget | None) -> None:
        text = exc.message
        if isinstance(exc, PrinterUnavailable):
            saved = _t("Hồ sơ %1 đã được lưu; có thể in lại biên nhận bằng Ctrl+P.")
            text += "\n" + saved.replace("%1", code)
        self._messages.error(text, parent)

    def _show_preview(
        self, result: tuple[str, Path], settings: PrintSettings, parent: QWidget | None
    ) -> None:
        code, pdf = result
        try:
            printer = open_printer(settings.printer, file_dir=self._ctx.data_dir / "receipts", code=code)
        except PrinterUnavailable as exc:
            self._messages.error(exc.message, parent)
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(code)
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(_t("Xem trước biên nhận %1").replace("%1", code))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        doc = load_pdf(pdf, dialog)
        dialog.paintRequested.connect(lambda target: paint_document(doc, target))
        entry = (dialog, printer)  # the dialog does not own the printer: keep it alive here

        def finished(_result: int) -> None:
            doc.close()
            with contextlib.suppress(OSError):
                pdf.unlink()
            if entry in self._previews:
                self._previews.remove(entry)

        dialog.finished.connect(finished)
        self._previews.append(entry)
        dialog.resize(900, 700)
        dialog.open()
