"""Scanning a stack (F8 in the main window): feeder pages filed into dossiers by their cover sheets.

Put a cover sheet on top of each dossier's papers (or of each paper), the whole stack in the feeder, F8.
The pages are filed as they come (progress, "Dừng quét" keeps the pages so far); the table then says
where each page went. Pages before the first cover — or after the cover of a dossier this station does
not have — wait in the unfiled tray below: select them, scan the dossier's receipt barcode (or type its
code) into the code field, pick the paper, Ctrl+Enter. "Xếp từ tệp" files a stack scanned elsewhere
(a PDF or TIFF from a network scanner).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.records import DossierRecord
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.scan_controls import ScanControls, pixmap
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services.filing import (
    FiledBatch,
    UnfiledPage,
    file_batch,
    file_unfiled,
    list_unfiled,
    scan_batch,
)
from desk_app.services.pages import thumbnail
from desk_app.services.queries import get_dossier

THUMB = QSize(110, 150)


def _t(text: str) -> str:
    return QCoreApplication.translate("BatchDialog", text)


class BatchDialog(QDialog):
    """``filed(FiledBatch)`` after a batch; ``sorted_by_hand(DossierRecord)`` after pages of the tray."""

    filed = Signal(object)
    sorted_by_hand = Signal(object)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.setWindowTitle(_t("Quét xấp hồ sơ có tờ bìa"))
        self.form = f = embed_form("batch.ui", self)
        self.device_combo = child(f, QComboBox, "deviceCombo")
        self.mode_combo = child(f, QComboBox, "modeCombo")
        self.duplex = child(f, QCheckBox, "duplexCheck")
        self.resolution = child(f, QSpinBox, "resolutionSpin")
        self.scan_button = child(f, QPushButton, "scanButton")
        self.progress = child(f, QProgressBar, "progressBar")
        self.stop_button = child(f, QPushButton, "stopButton")
        self.status = child(f, QLabel, "statusLabel")
        self.results = child(f, QTableWidget, "resultTable")
        self.tray = child(f, QListWidget, "trayList")
        self.code = child(f, QLineEdit, "codeEdit")
        self.paper = child(f, QComboBox, "paperCombo")
        widgets = {"device": self.device_combo, "mode": self.mode_combo, "progress": self.progress,
                   "stop": self.stop_button, "status": self.status, "scan": self.scan_button}  # fmt: skip
        self.controls = ScanControls(shell, self, widgets)
        self._setup()
        fit_to_screen(self, 1100, 720)
        self.refresh_tray()

    @property
    def busy(self) -> bool:
        return self.controls.busy

    def _setup(self) -> None:
        f = self.form
        self.resolution.setValue(self.shell.ctx.config.scanning.resolution)
        self.results.setColumnCount(4)
        self.results.setHorizontalHeaderLabels([_t("Trang"), _t("Hồ sơ"), _t("Giấy tờ"), _t("Ghi chú")])
        self.results.verticalHeader().setVisible(False)
        header = self.results.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tray.setViewMode(QListView.ViewMode.IconMode)
        self.tray.setIconSize(THUMB)
        self.tray.setResizeMode(QListView.ResizeMode.Adjust)
        self.tray.setMovement(QListView.Movement.Static)
        self.tray.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.paper.addItem(_t("Hồ sơ (chung)"), "")
        self.scan_button.clicked.connect(self.scan)
        child(f, QPushButton, "fileButton").clicked.connect(self.choose_file)
        child(f, QPushButton, "fileTrayButton").clicked.connect(self.file_selected)
        child(f, QPushButton, "closeButton").clicked.connect(self.reject)
        self.code.editingFinished.connect(self._look_up_code)
        self.code.returnPressed.connect(self._look_up_code)
        QShortcut(QKeySequence("F8"), self).activated.connect(self.scan)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.file_selected)

    def _failed(self, exc: DeskError) -> None:
        self._say(exc.message, "error")

    def _say(self, text: str, role: str = "info") -> None:
        self.controls.say(text, role)

    # --- a batch ---------------------------------------------------------------------------------------
    def scan(self) -> None:
        device = self.controls.device_id
        if self.controls.busy or device is None:
            return
        self._run(partial(
            scan_batch, self.shell.ctx, self.shell.user, device_id=device, resolution=self.resolution.value(),
            mode=self.controls.mode_name, duplex=self.duplex.isChecked(), progress=self.controls.step.emit,
            cancel=self.controls.cancel.is_set,
        ))  # fmt: skip

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Chọn tệp xấp giấy đã quét"), str(Path.home()),
                                              _t("Tài liệu quét (*.pdf *.tif *.tiff)"))  # fmt: skip
        if path:
            self.file_from(Path(path))

    def file_from(self, path: Path) -> None:
        from contextlib import closing

        from desk_app.scanning.files import read_pages

        ctx, user, mode = self.shell.ctx, self.shell.user, self.controls.mode_name
        step, cancel = self.controls.step.emit, self.controls.cancel.is_set

        def work() -> FiledBatch:
            with closing(read_pages(path)) as pages:
                return file_batch(ctx, user, pages, mode=mode, progress=step, cancel=cancel)

        self._run(work)

    def _run(self, work: Any) -> None:
        self.controls.start(_t("Đang quét và xếp trang…"))
        self.shell.tasks.run(
            work, name="file-batch", owner=self, on_done=self._filed, on_error=self._failed,
            on_finished=self.controls.finished,
        )  # fmt: skip

    def _filed(self, batch: FiledBatch) -> None:
        self.results.setRowCount(0)
        for page in batch.pages:
            row = self.results.rowCount()
            self.results.insertRow(row)
            note = _t("tờ bìa") if page.cover else (_t("trang trắng, bỏ qua") if page.blank_skipped else "")
            values = (str(page.number), page.code or _t("chưa phân loại"), page.item or "—", note)
            for col, text in enumerate(values):
                self.results.setItem(row, col, QTableWidgetItem(text))
        text = _t("Đã xếp %1 trang vào %2 hồ sơ; %3 trang chưa phân loại.")
        text = text.replace("%1", str(sum(batch.filed.values()))).replace("%2", str(len(batch.filed)))
        text = text.replace("%3", str(batch.unfiled))
        extra = [*batch.notes, *([batch.interrupted] if batch.interrupted else [])]
        self._say(" ".join([text, *extra]), "warning" if extra else "info")
        self.filed.emit(batch)
        self.refresh_tray()

    def reject(self) -> None:
        if self.controls.busy:
            self.controls.stop()
            return
        super().reject()

    # --- the unfiled tray --------------------------------------------------------------------------------
    def refresh_tray(self) -> None:
        work = partial(list_unfiled, self.shell.ctx, self.shell.user)
        self.shell.tasks.run(work, name="list-unfiled", owner=self, on_done=self._tray_loaded)

    def _tray_loaded(self, pages: list[UnfiledPage]) -> None:
        self.tray.clear()
        for page in pages:
            entry = QListWidgetItem(page.source.rsplit("#", 1)[-1])
            entry.setData(Qt.ItemDataRole.UserRole, page.id)
            entry.setToolTip(f"{page.source} — {page.note}")
            self.tray.addItem(entry)
            small = partial(thumbnail, self.shell.ctx, self.shell.user, page.sha256, 0, THUMB.height())
            self.shell.tasks.run(small, name="thumbnail", owner=self, on_done=partial(self._thumb, page.id))
        child(self.form, QGroupBox, "trayBox").setTitle(
            _t("Khay trang chưa phân loại: %1 trang").replace("%1", str(len(pages)))
        )

    def _thumb(self, page_id: int, png: bytes) -> None:
        image = pixmap(png)
        for row in range(self.tray.count()):
            entry = self.tray.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == page_id:
                entry.setIcon(QIcon(image))

    def _look_up_code(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        look_up = partial(get_dossier, self.shell.ctx, self.shell.user, code)
        self.shell.tasks.run(
            look_up, name="get-dossier", owner=self, on_done=self._papers, on_error=self._failed
        )

    def _papers(self, record: DossierRecord) -> None:
        self.paper.clear()
        self.paper.addItem(_t("Hồ sơ (chung)"), "")
        for doc in record.documents:
            self.paper.addItem(doc.name, doc.name)
        self._say(_t("Hồ sơ %1 — %2").replace("%1", record.code).replace("%2", record.applicant.full_name))

    def file_selected(self) -> None:
        chosen = self.tray.selectedItems()
        ids = [int(e.data(Qt.ItemDataRole.UserRole)) for e in chosen]
        numbers = {e.text() for e in chosen}  # the batch's page numbers, as the results list shows them
        code = self.code.text().strip()
        if not ids or not code:
            self._say(_t("Hãy chọn trang trong khay và nhập mã hồ sơ."), "warning")
            return
        paper = str(self.paper.currentData() or "")
        work = partial(file_unfiled, self.shell.ctx, self.shell.user, ids, code, paper)
        self.shell.tasks.run(
            work,
            name="file-unfiled",
            owner=self,
            on_done=partial(self._sorted, len(ids), numbers, paper),
            on_error=self._failed,
        )

    def _sorted(self, count: int, numbers: set[str], paper: str, record: DossierRecord) -> None:
        self._say(_t("Đã lưu %1 trang vào hồ sơ %2.").replace("%1", str(count)).replace("%2", record.code))
        unfiled = _t("chưa phân loại")
        for row in range(self.results.rowCount()):  # the batch's list says where those pages went now
            number, where = self.results.item(row, 0), self.results.item(row, 1)
            if number is None or where is None:
                continue
            if number.text() in numbers and where.text() == unfiled:
                where.setText(record.code)
                self.results.setItem(row, 2, QTableWidgetItem(paper or "—"))
        self.sorted_by_hand.emit(record)
        self.refresh_tray()
