"""Printing documents: a receipt, a one-stop form or a handover record, as PDF, on the counter's printer.

A :class:`PrintJob` names the document and a callable that renders its PDF (the services' writers:
receipts, ``write_form``, ``write_handover``). The PDF is rendered to a private temporary file
(``<data dir>/tmp``, citizens' data) and painted page by page on the printer
(:mod:`desk_app.gui.print_pages`). Direct printing runs entirely off the GUI thread (``tasks``); the
preview (``QPrintPreviewDialog``) paints on the GUI thread when the officer asks for it. The "PDF file"
printer (:data:`FILE_PRINTER`) keeps the document as rendered — vector, with its text — in
``receipts/`` (receipts) or ``forms/`` (everything else) of the data directory.

A missing or offline printer is a known error (:class:`PrinterUnavailable`) with a Vietnamese message;
the dossier stays saved and the document can be printed again. The message offers "Lưu PDF…": the same
document saved where the officer chooses (the Documents folder by default, the whole code in the name).
``failed(name, message)`` tells the screen that asked, so it can say so where the officer looks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desk_app.domain.accounts import User
from desk_app.domain.errors import DeskError
from desk_app.domain.records import DossierRecord
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.messages import Messenger
from desk_app.gui.print_pages import (
    PrinterUnavailable,
    load_pdf,
    open_printer,
    page_image,
    paint_document,
    print_pdf,
)
from desk_app.gui.print_settings import FILE_PRINTER, PrintSettings
from desk_app.gui.session import Session
from desk_app.gui.tasks import TaskManager
from desk_app.services.context import DeskContext
from desk_app.services.queries import get_dossier
from desk_app.services.receipts import render_receipt_for

__all__ = ["FILE_PRINTER", "PREVIEWED", "DocumentPrinting", "PrintJob", "PrinterUnavailable", "load_pdf",
           "page_image"]  # fmt: skip
PREVIEWED = "@preview"  # ``printed(name, PREVIEWED)``: the document is open in the print preview
log = logging.getLogger("desk_app.gui.printing")


def _t(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


#: renders a PDF into the given file (a receipt, a form, a handover record); runs off the GUI thread
PdfWriter = Callable[[Path], object]


def safe_name(name: str) -> str:
    """``name`` usable as a file name (a handover number such as ``15/BB-BĐ`` has a slash)."""
    return re.sub(r"[^\w.-]+", "_", name).strip("._") or "document"


def render_pdf(ctx: DeskContext, write: PdfWriter, prefix: str = "print") -> Path:
    """Run ``write`` into a new private temporary PDF (``<data dir>/tmp``); the caller deletes it."""
    folder = ctx.data_dir / "tmp"
    folder.mkdir(mode=0o700, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{safe_name(prefix)}-", suffix=".pdf", dir=folder)
    os.close(fd)
    path = Path(name)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def save_pdf(ctx: DeskContext, write: PdfWriter, target: Path) -> Path:
    """The "PDF file" printer: the document as rendered (vector, searchable), written whole or not at all
    (:mod:`desk_app.atomic`)."""
    from desk_app.atomic import replacing

    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as tmp:
        write(tmp)
    return target


def write_receipt_pdf(ctx: DeskContext, user: User, what: DossierRecord | str, a4: bool, out: Path) -> None:
    """A :data:`PdfWriter` for the receipt of a dossier (or of a code, looked up in the worker)."""
    record = what if isinstance(what, DossierRecord) else get_dossier(ctx, user, what)
    render_receipt_for(ctx, record, out, a4=a4)


def print_job(ctx: DeskContext, job: PrintJob, settings: PrintSettings) -> str:
    """Worker-thread job: render the document and print it; return where it went (printer or file)."""
    if settings.printer == FILE_PRINTER:
        target = save_pdf(ctx, job.write, ctx.data_dir / job.folder / f"{safe_name(job.name)}.pdf")
        log.info("%s saved to %s", job.folder, target)
        return str(target)
    printer = open_printer(settings.printer)
    printer.setDocName(job.name)
    pdf = render_pdf(ctx, job.write, job.folder)
    try:
        print_pdf(pdf, printer)
    finally:
        pdf.unlink(missing_ok=True)
    log.info("%s printed to %s", job.folder, printer.printerName())
    return printer.printerName()


@dataclass(frozen=True)
class PrintJob:
    """One document to print: its name (file and job name), how to render it, where a PDF file goes."""

    name: str
    write: PdfWriter
    folder: str = "forms"  # under the data directory, for the "PDF file" printer
    title: str = ""  # the preview's window title
    hint: str = ""  # added to a printer error (e.g. "the dossier is saved; Ctrl+P prints it again")


class DocumentPrinting(QObject):
    """Prints PDFs with the counter's settings; ``printed(name, where)`` after each success."""

    printed = Signal(str, str)
    failed = Signal(str, str)  # the job's name, the message

    def __init__(
        self,
        ctx: DeskContext,
        session: Session,
        tasks: TaskManager,
        messages: Messenger,
        settings: PrintSettings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._session, self._tasks, self._messages = ctx, session, tasks, messages
        self.settings = settings
        self._previews: list[tuple[QPrintPreviewDialog, QPrinter]] = []  # open previews and their printers

    def print_receipt(self, what: DossierRecord | str, parent: QWidget | None = None, hint: str = "") -> None:
        """Print (or preview, per the settings) the receipt of a dossier or a dossier code."""
        code = what.code if isinstance(what, DossierRecord) else what.strip().upper()
        default = _t("Hồ sơ %1 đã được lưu; in lại biên nhận bằng Ctrl+P, hoặc bấm “Lưu PDF…”.")
        job = PrintJob(
            code,
            partial(write_receipt_pdf, self._ctx, self._session.actor(), what, self.settings.a4),
            "receipts",
            _t("Xem trước biên nhận %1").replace("%1", code),
            (hint or default).replace("%1", code),
        )
        self.print_document(job, parent)

    def print_document(self, job: PrintJob, parent: QWidget | None = None) -> None:
        """Print (or preview) the PDF ``job.write`` renders; rendering and printing run off the GUI thread."""
        settings = self.settings
        if settings.preview:
            self._tasks.run(
                partial(render_pdf, self._ctx, job.write, job.folder),
                name="print-preview",
                on_done=lambda pdf: self._show_preview(job, pdf, settings, parent),
                on_error=lambda exc: self._failed(job, exc, parent),
            )
            return
        self._tasks.run(
            partial(print_job, self._ctx, job, settings),
            name="print",
            on_done=lambda where: self.printed.emit(job.name, where),
            on_error=lambda exc: self._failed(job, exc, parent),
        )

    def _failed(self, job: PrintJob, exc: DeskError, parent: QWidget | None) -> None:
        text = exc.message
        if isinstance(exc, PrinterUnavailable) and job.hint:
            text += "\n" + job.hint
        self.failed.emit(job.name, exc.message)
        self._messages.error(text, parent, (_t("Lưu PDF…"), lambda: self.save_as_pdf(job, parent)))

    def save_as_pdf(self, job: PrintJob, parent: QWidget | None = None, target: Path | None = None) -> None:
        """ "Lưu PDF…": the document as a PDF file where the officer chooses (``target``: no dialog)."""
        if target is None:
            from desk_app.gui.file_dialogs import save_file

            chosen = save_file(parent, _t("Lưu PDF"), f"{safe_name(job.name)}.pdf", _t("Tệp PDF (*.pdf)"))
            if chosen is None:
                return
            target = chosen
        done = _t("Đã lưu %1").replace("%1", str(target))
        self._tasks.run(partial(save_pdf, self._ctx, job.write, target), name="save-pdf",
                        on_done=lambda _path: self._messages.info(done, parent),
                        on_error=lambda exc: self._messages.error(exc.message, parent))  # fmt: skip

    def _show_preview(
        self, job: PrintJob, pdf: Path, settings: PrintSettings, parent: QWidget | None
    ) -> None:
        name = job.name
        try:
            printer = open_printer(
                settings.printer, file_dir=self._ctx.data_dir / job.folder, code=safe_name(name)
            )
        except PrinterUnavailable as exc:  # no preview behind a box that cannot close before it
            pdf.unlink(missing_ok=True)
            self._failed(job, exc, parent)
            return
        printer.setDocName(safe_name(name).replace(".", "_"))  # Qt's dialog cuts a file name at its first dot
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(job.title or name)
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
        fit_to_screen(dialog, 900, 700)
        dialog.open()
        self.printed.emit(job.name, PREVIEWED)


ReceiptPrinting = DocumentPrinting  # the name it had when it printed only receipts
