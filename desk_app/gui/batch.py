"""Scanning a stack (F8 in the main window): feeder pages filed into dossiers by their cover sheets.

Put a cover sheet on top of each dossier's papers (or of each paper), the whole stack in the feeder, F8.
The pages are filed as they come (progress, "Dừng quét" keeps the pages so far); the table then says
where each page went. Pages before the first cover — or after the cover of a dossier this station does
not have — wait in the unfiled tray below: select them, scan the dossier's receipt barcode (or type its
code) into the code field, pick the paper, Ctrl+Enter. "Xếp từ tệp" files a stack scanned elsewhere
(a PDF or TIFF from a network scanner).
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
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
from desk_app.services.scanning import list_scanners

THUMB = QSize(110, 150)


def _t(text: str) -> str:
    return QCoreApplication.translate("BatchDialog", text)


class _Relay(QObject):
    step = Signal(int, str)


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
        self.busy = False
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.step.connect(lambda n, src: self._say(_t("Đã nhận trang %1 (%2)…").replace("%1", str(n))
                                                          .replace("%2", src)))  # fmt: skip
        self._setup()
        self.resize(1100, 720)
        self._load_devices()
        self.refresh_tray()

    def _setup(self) -> None:
        f, sc = self.form, self.shell.ctx.config.scanning
        for label, mode in ((_t("Đen trắng"), "bw"), (_t("Thang xám"), "grey"), (_t("Màu"), "colour")):
            self.mode_combo.addItem(label, mode)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(sc.mode)))
        self.resolution.setValue(sc.resolution)
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
        self.stop_button.clicked.connect(self.stop)
        self.code.editingFinished.connect(self._look_up_code)
        self.code.returnPressed.connect(self._look_up_code)
        QShortcut(QKeySequence("F8"), self).activated.connect(self.scan)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.file_selected)

    def _load_devices(self) -> None:
        self.shell.tasks.run(partial(list_scanners, self.shell.ctx), name="list-scanners", owner=self,
                             on_done=self._devices)  # fmt: skip

    def _devices(self, found: tuple[list[Any], list[str]]) -> None:
        devices, problems = found
        self.device_combo.clear()
        for device in devices:
            self.device_combo.addItem(device.name + f" ({device.id})", device.id)
        if not devices:
            self.device_combo.addItem(_t("Không tìm thấy máy quét"), None)
            self._say(" ".join(problems) or _t("Không tìm thấy máy quét nào trên máy này."), "warning")
        self.scan_button.setEnabled(bool(devices))
        wanted = self.shell.ctx.config.scanning.device
        if wanted and self.device_combo.findData(wanted) >= 0:
            self.device_combo.setCurrentIndex(self.device_combo.findData(wanted))

    def _failed(self, exc: DeskError) -> None:
        self._say(exc.message, "error")

    def _say(self, text: str, role: str = "info") -> None:
        self.status.setText(text)
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # --- a batch ---------------------------------------------------------------------------------------
    def scan(self) -> None:
        device = self.device_combo.currentData()
        if self.busy or device is None:
            return
        self._run(partial(
            scan_batch, self.shell.ctx, device_id=str(device), resolution=self.resolution.value(),
            mode=str(self.mode_combo.currentData()), duplex=self.duplex.isChecked(),
            progress=self._relay.step.emit, cancel=self._cancel.is_set,
        ))  # fmt: skip

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, _t("Chọn tệp xấp giấy đã quét"), str(Path.home()),
                                              _t("Tài liệu quét (*.pdf *.tif *.tiff)"))  # fmt: skip
        if path:
            self.file_from(Path(path))

    def file_from(self, path: Path) -> None:
        from contextlib import closing

        from desk_app.scanning.files import read_pages

        ctx, mode, step, cancel = (
            self.shell.ctx,
            str(self.mode_combo.currentData()),
            self._relay.step.emit,
            self._cancel.is_set,
        )

        def work() -> FiledBatch:
            with closing(read_pages(path)) as pages:
                return file_batch(ctx, pages, mode=mode, progress=step, cancel=cancel)

        self._run(work)

    def _run(self, work: Any) -> None:
        self.busy = True
        self._cancel.clear()
        self.progress.setVisible(True)
        self.stop_button.setVisible(True)
        self.scan_button.setEnabled(False)
        self._say(_t("Đang quét và xếp trang…"))
        self.shell.tasks.run(
            work, name="file-batch", owner=self, on_done=self._filed, on_error=self._failed,
            on_finished=self._stopped,
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

    def _stopped(self) -> None:
        self.busy = False
        self.progress.setVisible(False)
        self.stop_button.setVisible(False)
        self.scan_button.setEnabled(self.device_combo.currentData() is not None)

    def stop(self) -> None:
        self._cancel.set()
        self._say(_t("Đang dừng sau trang hiện tại…"), "warning")

    def reject(self) -> None:
        if self.busy:
            self.stop()
            return
        super().reject()

    # --- the unfiled tray --------------------------------------------------------------------------------
    def refresh_tray(self) -> None:
        self.shell.tasks.run(partial(list_unfiled, self.shell.ctx), name="list-unfiled", owner=self,
                             on_done=self._tray_loaded)  # fmt: skip

    def _tray_loaded(self, pages: list[UnfiledPage]) -> None:
        self.tray.clear()
        for page in pages:
            entry = QListWidgetItem(page.source.rsplit("#", 1)[-1])
            entry.setData(Qt.ItemDataRole.UserRole, page.id)
            entry.setToolTip(f"{page.source} — {page.note}")
            self.tray.addItem(entry)
            small = partial(thumbnail, self.shell.ctx, page.sha256, 0, THUMB.height())
            self.shell.tasks.run(small, name="thumbnail", owner=self, on_done=partial(self._thumb, page.id))
        child(self.form, QGroupBox, "trayBox").setTitle(
            _t("Khay trang chưa phân loại: %1 trang").replace("%1", str(len(pages)))
        )

    def _thumb(self, page_id: int, png: bytes) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        for row in range(self.tray.count()):
            entry = self.tray.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) == page_id:
                entry.setIcon(QIcon(pixmap))

    def _look_up_code(self) -> None:
        code = self.code.text().strip()
        if not code:
            return
        look_up = partial(get_dossier, self.shell.ctx, code)
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
        ids = [int(e.data(Qt.ItemDataRole.UserRole)) for e in self.tray.selectedItems()]
        code = self.code.text().strip()
        if not ids or not code:
            self._say(_t("Hãy chọn trang trong khay và nhập mã hồ sơ."), "warning")
            return
        work = partial(file_unfiled, self.shell.ctx, ids, code, str(self.paper.currentData() or ""))
        self.shell.tasks.run(
            work,
            name="file-unfiled",
            owner=self,
            on_done=partial(self._sorted, len(ids)),
            on_error=self._failed,
        )

    def _sorted(self, count: int, record: DossierRecord) -> None:
        self._say(_t("Đã lưu %1 trang vào hồ sơ %2.").replace("%1", str(count)).replace("%2", record.code))
        self.sorted_by_hand.emit(record)
        self.refresh_tray()
