"""The page editor of a dossier: its scanned pages as thumbnails, by checklist paper.

Pick the paper (or the dossier as a whole) at the top; scan into it (F7: the station's scanner, flatbed
or feeder, duplex, resolution, mode — a progress bar and "Dừng quét" (Esc) during a feeder batch), add
files (Ctrl+O), print the paper's cover sheet. Below, the pages: drag to reorder (or Ctrl+← / Ctrl+→),
Ctrl+Shift+R / Ctrl+R turn (Ctrl+L locks the screen, as everywhere), Delete removes (kept in the
history), "Quét lại trang" replaces the selected page with a new flatbed scan, "Chuyển sang" moves the
selected pages to another paper. Everything runs off the GUI thread through the services in
:mod:`desk_app.services.pages` and :mod:`desk_app.services.scanning`; ``changed(DossierRecord)`` after
each change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desk_app.domain.records import DossierRecord, ScanPageRecord
from desk_app.gui.geometry import fit_to_screen
from desk_app.gui.printing import PrintJob
from desk_app.gui.scan_controls import ScanControls, pixmap
from desk_app.gui.shell import Shell
from desk_app.gui.uiloader import child, embed_form
from desk_app.services import pages as pages_svc
from desk_app.services.attachments import Attached, attach_files, list_pages
from desk_app.services.cover_sheets import write_cover_sheet
from desk_app.services.scanning import Scanned, scan_into

THUMB = QSize(150, 200)
PAGE_ID = Qt.ItemDataRole.UserRole


def _t(text: str) -> str:
    return QCoreApplication.translate("PageEditor", text)


class PageEditorDialog(QDialog):
    changed = Signal(object)

    def __init__(self, shell: Shell, record: DossierRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell, self.record = shell, record
        self.setWindowTitle(_t("Trang quét — hồ sơ %1").replace("%1", record.code))
        self.form = embed_form("pages.ui", self)
        f = self.form
        self.item_combo = child(f, QComboBox, "itemCombo")
        self.move_combo = child(f, QComboBox, "moveCombo")
        self.device_combo = child(f, QComboBox, "deviceCombo")
        self.source_combo = child(f, QComboBox, "sourceCombo")
        self.mode_combo = child(f, QComboBox, "modeCombo")
        self.duplex = child(f, QCheckBox, "duplexCheck")
        self.resolution = child(f, QSpinBox, "resolutionSpin")
        self.list = child(f, QListWidget, "pagesList")
        self.progress = child(f, QProgressBar, "progressBar")
        self.stop_button = child(f, QPushButton, "stopButton")
        self.status = child(f, QLabel, "statusLabel")
        self.scan_button = child(f, QPushButton, "scanButton")
        self.pages: list[ScanPageRecord] = []
        self._thumbs: dict[tuple[str, int], QPixmap] = {}
        widgets = {"device": self.device_combo, "mode": self.mode_combo, "progress": self.progress,
                   "stop": self.stop_button, "status": self.status, "scan": self.scan_button}  # fmt: skip
        self.controls = ScanControls(shell, self, widgets)
        self._setup_list()
        self._setup_choices()
        self._connect()
        fit_to_screen(self, 1100, 700)
        self.refresh()

    @property
    def busy(self) -> bool:
        return self.controls.busy

    # --- set-up -------------------------------------------------------------------------------------
    def _setup_list(self) -> None:
        lst = self.list
        lst.setViewMode(QListView.ViewMode.ListMode)
        lst.setFlow(QListView.Flow.LeftToRight)
        lst.setWrapping(True)
        lst.setResizeMode(QListView.ResizeMode.Adjust)
        lst.setIconSize(THUMB)
        lst.setSpacing(8)
        lst.setUniformItemSizes(True)
        lst.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        lst.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        lst.setDefaultDropAction(Qt.DropAction.MoveAction)
        lst.model().rowsMoved.connect(lambda *_args: self._reordered())

    def _setup_choices(self) -> None:
        sc = self.shell.ctx.config.scanning
        self.source_combo.addItem(_t("Mặt kính"), "flatbed")
        self.source_combo.addItem(_t("Khay nạp giấy"), "adf")
        self.resolution.setValue(sc.resolution)
        self.item_combo.addItem(_t("Hồ sơ (chung)"), "")
        self.move_combo.addItem(_t("Hồ sơ (chung)"), "")
        for doc in self.record.documents:
            self.item_combo.addItem(doc.name, doc.name)
            self.move_combo.addItem(doc.name, doc.name)

    def _connect(self) -> None:
        f = self.form
        self.item_combo.currentIndexChanged.connect(lambda _i: self._show_item())
        self.scan_button.clicked.connect(self.scan)
        child(f, QPushButton, "addFilesButton").clicked.connect(self.choose_files)
        child(f, QPushButton, "coverButton").clicked.connect(self.print_cover_sheet)
        child(f, QPushButton, "rotateLeftButton").clicked.connect(lambda: self.rotate(-90))
        child(f, QPushButton, "rotateRightButton").clicked.connect(lambda: self.rotate(90))
        child(f, QPushButton, "deleteButton").clicked.connect(self.remove)
        child(f, QPushButton, "rescanButton").clicked.connect(self.rescan)
        child(f, QPushButton, "moveButton").clicked.connect(self.move_selected)
        child(f, QPushButton, "closeButton").clicked.connect(self.reject)
        keys: Sequence[tuple[str, Callable[[], object]]] = (
            ("F7", self.scan), ("Ctrl+O", self.choose_files), ("Ctrl+Shift+R", lambda: self.rotate(-90)),
            ("Ctrl+R", lambda: self.rotate(90)), ("Delete", self.remove),
            ("Ctrl+Left", lambda: self.shift(-1)), ("Ctrl+Right", lambda: self.shift(1)),
        )  # fmt: skip
        for key, slot in keys:
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    # --- showing ------------------------------------------------------------------------------------
    @property
    def item(self) -> str:
        return str(self.item_combo.currentData() or "")

    def refresh(self) -> None:
        self.shell.tasks.run(
            partial(list_pages, self.shell.ctx, self.shell.user, self.record.code), name="list-pages",
            owner=self, on_done=self._pages_loaded,
        )  # fmt: skip

    def _pages_loaded(self, pages: list[ScanPageRecord]) -> None:
        self.pages = pages
        counts: dict[str, int] = {}
        for page in pages:
            counts[page.item] = counts.get(page.item, 0) + 1
        for index in range(self.item_combo.count()):
            name = str(self.item_combo.itemData(index) or "")
            label = name or _t("Hồ sơ (chung)")
            self.item_combo.setItemText(index, f"{label} — {counts.get(name, 0)} " + _t("trang"))
        self._show_item()

    def _show_item(self) -> None:
        keep = set(self.selected_ids())  # the pages selected stay selected (turning a page twice, …)
        self.list.blockSignals(True)
        self.list.clear()
        for page in (p for p in self.pages if p.item == self.item):
            entry = QListWidgetItem(str(page.position))
            entry.setData(PAGE_ID, page.id)
            entry.setToolTip(_t("Trang %1 — %2 dpi — %3").replace("%1", str(page.position))
                             .replace("%2", str(page.dpi)).replace("%3", page.source))  # fmt: skip
            entry.setSizeHint(QSize(THUMB.width() + 40, THUMB.height() + 12))
            self.list.addItem(entry)
            if page.id in keep:
                entry.setSelected(True)
                self.list.setCurrentItem(entry, QItemSelectionModel.SelectionFlag.Select)
            self._thumbnail(page)
        self.list.blockSignals(False)

    def _thumbnail(self, page: ScanPageRecord) -> None:
        key = (page.sha256, page.rotation)
        if key in self._thumbs:
            self._set_icon(page.id, self._thumbs[key])
            return
        self.shell.tasks.run(
            partial(pages_svc.thumbnail, self.shell.ctx, self.shell.user, page.sha256, page.rotation,
                    THUMB.height()),
            name="thumbnail", owner=self, on_done=partial(self._thumbnail_ready, key, page.id),
        )  # fmt: skip

    def _thumbnail_ready(self, key: tuple[str, int], page_id: int, png: bytes) -> None:
        self._thumbs[key] = image = pixmap(png)
        self._set_icon(page_id, image)

    def _set_icon(self, page_id: int, image: QPixmap) -> None:
        for row in range(self.list.count()):
            entry = self.list.item(row)
            if entry.data(PAGE_ID) == page_id:
                entry.setIcon(QIcon(image))

    def selected_ids(self) -> list[int]:
        rows = sorted(self.list.row(e) for e in self.list.selectedItems())
        return [int(self.list.item(r).data(PAGE_ID)) for r in rows]

    def shown_ids(self) -> list[int]:
        return [int(self.list.item(r).data(PAGE_ID)) for r in range(self.list.count())]

    def _say(self, text: str, role: str = "info") -> None:
        self.controls.say(text, role)

    # --- editing --------------------------------------------------------------------------------------
    def _edit(self, fn: Callable[[], Any], done_text: str) -> None:
        if self.controls.busy:
            return
        self.controls.busy = True
        self.shell.tasks.run(
            fn, name="edit-pages", owner=self, on_done=lambda record: self._edited(record, done_text),
            on_error=lambda exc: self._say(exc.message, "error"), on_finished=self._idle,
        )  # fmt: skip

    def _edited(self, record: DossierRecord, text: str) -> None:
        self.record = record
        self._say(text)
        self.changed.emit(record)
        self.refresh()

    def _idle(self) -> None:
        self.controls.busy = False

    def rotate(self, degrees: int) -> None:
        ids = self.selected_ids()
        if not ids:
            self._say(_t("Hãy chọn trang cần xoay."), "warning")
            return
        ctx, user, code = self.shell.ctx, self.shell.user, self.record.code

        def turn() -> DossierRecord:
            record = self.record
            for page_id in ids:
                record = pages_svc.rotate_page(ctx, user, code, page_id, degrees)
            return record

        self._edit(turn, _t("Đã xoay %1 trang.").replace("%1", str(len(ids))))

    def remove(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self._say(_t("Hãy chọn trang cần xóa."), "warning")
            return
        ctx, user, code = self.shell.ctx, self.shell.user, self.record.code

        def drop() -> DossierRecord:
            record = self.record
            for page_id in ids:
                record = pages_svc.remove_page(ctx, user, code, page_id)
            return record

        self._edit(drop, _t("Đã xóa %1 trang (vẫn lưu trong lịch sử hồ sơ).").replace("%1", str(len(ids))))

    def _arrange(self, item: str, ids: list[int], done: str) -> None:
        work = partial(pages_svc.arrange_pages, self.shell.ctx, self.shell.user, self.record.code, item, ids)
        self._edit(work, done)

    def _reordered(self) -> None:
        ids = self.shown_ids()
        self._arrange(self.item, ids, _t("Đã sắp xếp lại các trang."))

    def shift(self, step: int) -> None:
        """Ctrl+← / Ctrl+→: move the selected page one place earlier / later."""
        ids = self.selected_ids()
        order = self.shown_ids()
        if len(ids) != 1:
            return
        at = order.index(ids[0])
        to = at + step
        if not 0 <= to < len(order):
            return
        order[at], order[to] = order[to], order[at]
        self._arrange(self.item, order, _t("Đã sắp xếp lại các trang."))

    def move_selected(self) -> None:
        ids = self.selected_ids()
        target = str(self.move_combo.currentData() or "")
        if not ids or target == self.item:
            self._say(_t("Hãy chọn trang và giấy tờ khác để chuyển sang."), "warning")
            return
        staying = [p.id for p in self.pages if p.item == target]
        self._arrange(
            target,
            [*staying, *ids],
            _t("Đã chuyển %1 trang sang: %2")
            .replace("%1", str(len(ids)))
            .replace("%2", target or _t("hồ sơ")),
        )

    # --- adding pages ------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, _t("Chọn tệp để đính kèm"), str(Path.home()),
            _t("Tài liệu quét (*.pdf *.tif *.tiff *.jpg *.jpeg *.png)"),
        )  # fmt: skip
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        if self.controls.busy:
            return
        self.controls.start(_t("Đang đọc tệp…"))
        self.shell.tasks.run(
            partial(attach_files, self.shell.ctx, self.shell.user, self.record.code, paths, item=self.item,
                    progress=self.controls.step.emit, cancel=self.controls.cancel.is_set),
            name="attach-files", owner=self, on_done=self._attached,
            on_error=lambda exc: self._say(exc.message, "error"), on_finished=self.controls.finished,
        )  # fmt: skip

    def _attached(self, done: Attached) -> None:
        text = _t("Đã thêm %1 trang.").replace("%1", str(done.added))
        if done.blank_skipped:
            text += " " + _t("Bỏ qua %1 trang trắng.").replace("%1", str(done.blank_skipped))
        self._edited(done.dossier, text)

    def scan(self, *, replace: int | None = None) -> None:
        device = self.controls.device_id
        if self.controls.busy or device is None:
            if device is None:
                self._say(_t("Chưa có máy quét để quét."), "warning")
            return
        source = "flatbed" if replace is not None else str(self.source_combo.currentData())
        self.controls.start(_t("Đang quét…"))
        ctx, user, code, item = self.shell.ctx, self.shell.user, self.record.code, self.item
        run = partial(
            scan_into, ctx, user, code, device_id=device, source=source, resolution=self.resolution.value(),
            mode=self.controls.mode_name, duplex=self.duplex.isChecked() and source == "adf",
            item=item, progress=self.controls.step.emit, cancel=self.controls.cancel.is_set,
        )  # fmt: skip

        def work() -> Scanned:
            scanned = run()
            if replace is not None and scanned.attached is not None:
                order = [p.id for p in list_pages(ctx, user, code) if p.item == item]
                new = order.pop()  # the page just scanned is the item's last
                order[order.index(replace)] = new
                pages_svc.arrange_pages(ctx, user, code, item, order)
                record = pages_svc.remove_page(ctx, user, code, replace)
                return Scanned(Attached(record, item, 1, 0), scanned.pages, scanned.blank_skipped)
            return scanned

        self.shell.tasks.run(
            work, name="scan", owner=self, on_done=self._scan_done,
            on_error=lambda exc: self._say(exc.message, "error"), on_finished=self.controls.finished,
        )  # fmt: skip

    def rescan(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self._say(_t("Hãy chọn một trang để quét lại (đặt trang đó lên mặt kính)."), "warning")
            return
        self.scan(replace=ids[0])

    def _scan_done(self, scanned: Scanned) -> None:
        if scanned.attached is not None:
            self._edited(scanned.attached.dossier, _t("Đã quét %1 trang.").replace("%1", str(scanned.pages)))
        if scanned.interrupted:
            kept = _t("Đã lưu %1 trang.").replace("%1", str(scanned.pages)) if scanned.pages else ""
            self._say(f"{scanned.interrupted} {kept}".strip(), "warning")

    def stop(self) -> None:
        self.controls.stop()

    def reject(self) -> None:
        if self.controls.busy:
            self.controls.stop()
            return
        super().reject()

    def print_cover_sheet(self) -> None:
        ctx, user, code, item = self.shell.ctx, self.shell.user, self.record.code, self.item
        name = f"cover-{code}" + (f"-{self.item_combo.currentIndex()}" if item else "")
        job = PrintJob(name, lambda out: write_cover_sheet(ctx, user, code, out, item=item), "forms",
                       _t("Tờ bìa hồ sơ %1").replace("%1", code))  # fmt: skip
        self.shell.printing.print_document(job, self)
