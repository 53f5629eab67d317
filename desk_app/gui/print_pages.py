"""Painting PDF pages on a ``QPrinter``: open the printer, match the paper, render each page on white.

QtPdf (``QPdfDocument``) renders every page at the printer's resolution (capped at :data:`MAX_DPI`); the
image is composited on white — QtPdf renders with a transparent background — and painted on the
printer. Safe off the GUI thread. A missing or offline printer is :class:`PrinterUnavailable`, a known
error with a Vietnamese message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from desk_app.domain.errors import DeskError
from desk_app.gui.print_settings import FILE_PRINTER

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument

MAX_DPI = 300  # enough for Code128 bars of 0.3 mm; keeps a page image small


def _t(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


class PrinterUnavailable(DeskError):
    """The printer is missing, offline or refused the job."""


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
            raise PrinterUnavailable(
                _t(
                    "Không tìm thấy máy in “%1”. Hãy kiểm tra máy in hoặc chọn máy in "
                    "khác trong Cài đặt → Cài đặt máy in…"
                ).replace("%1", name)
            )
        raise PrinterUnavailable(
            _t("Máy tính chưa có máy in mặc định. Hãy chọn máy in trong Cài đặt → Cài đặt máy in….")
        )
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrinterUnavailable(
            _t(
                "Máy in “%1” đang báo lỗi hoặc ngoại tuyến. Hãy kiểm tra nguồn, giấy và cáp của máy in."
            ).replace("%1", info.printerName())
        )
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
        raise DeskError(_t("Tệp cần in không có trang nào"))
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
    """Open a PDF with QtPdf (the ``PySide6-Pdf`` wheel; a missing one is an installation problem)."""
    try:
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        raise DeskError(
            _t("Thiếu thành phần QtPdf (gói PySide6-Pdf) nên không in được; hãy cài lại ứng dụng.")
        ) from None
    doc = QPdfDocument(parent) if parent is not None else QPdfDocument()
    if doc.load(str(path)) != QPdfDocument.Error.None_:
        raise DeskError(_t("Không đọc được tệp cần in %1").replace("%1", str(path)))
    return doc


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Print the PDF file ``path`` on ``printer``; return the page count."""
    doc = load_pdf(path)
    try:
        return paint_document(doc, printer)
    finally:
        doc.close()
