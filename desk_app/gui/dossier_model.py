"""The dossier list as a lazy ``QAbstractTableModel``: keyset pages loaded off the GUI thread.

Two modes: a day's list (or all days), newest first, maybe filtered by status and channel in the query,
fetched page by page through :func:`~desk_app.services.queries.list_dossiers` whenever the view asks
(``canFetchMore`` / ``fetchMore``), so a million rows never load at once; or search results from
:func:`~desk_app.services.queries.search_dossiers`. Every load runs through the task helper; a
generation number drops results that arrive after the view changed (a newer day or search).

The due column marks overdue (red) and due-today (amber) dossiers with :func:`due_mark`, the domain's
rule applied to a summary row's status and due time.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desk_app.domain.lifecycle import Status
from desk_app.domain.records import DossierSummary, ListCursor
from desk_app.gui.labels import status_label
from desk_app.gui.session import Session
from desk_app.gui.tasks import TaskManager
from desk_app.services.context import DeskContext
from desk_app.services.queries import count_dossiers, list_dossiers, search_dossiers

Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
SEARCH_LIMIT = 200


def _t(text: str) -> str:
    return QCoreApplication.translate("DossierTableModel", text)


#: the statuses in which the legal clock runs (as in desk_app.domain.lifecycle.is_overdue): a dossier
#: waiting for a supplement, with a result, returned, refused or voided is never overdue
CLOCK_RUNNING = frozenset({Status.RECEIVED.value, Status.TRANSFERRED.value})
OVERDUE, DUE_TODAY = "overdue", "due_today"
MARK_COLOURS = {OVERDUE: "#b3261e", DUE_TODAY: "#a15c00"}


def due_mark(status: str, due_at: datetime, now: datetime) -> str | None:
    """:data:`OVERDUE`, :data:`DUE_TODAY` or None, from a list row's status and due time alone.

    The domain's rule on a summary row: only received and transferred dossiers run against the clock;
    overdue once ``now`` is past the due time, due today while the due time is later on the same day
    (in the due time's zone).
    """
    if status not in CLOCK_RUNNING:
        return None
    if now > due_at:
        return OVERDUE
    return DUE_TODAY if now.astimezone(due_at.tzinfo).date() == due_at.date() else None


def mark_label(mark: str | None) -> str:
    return {OVERDUE: _t("quá hạn"), DUE_TODAY: _t("hôm nay")}.get(mark or "", "")


class DossierTableModel(QAbstractTableModel):
    """Rows of :class:`DossierSummary`; ``total_changed(n, searching)`` reports the count to show."""

    total_changed = Signal(int, bool)
    loading_changed = Signal(bool)
    CODE, APPLICANT, ID_NUMBER, PROCEDURE, RECEIVED, DUE, STATUS = range(7)

    def __init__(
        self, ctx: DeskContext, session: Session, tasks: TaskManager, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__()
        self._ctx, self._session, self._tasks, self.page_size = ctx, session, tasks, page_size
        self._rows: list[DossierSummary] = []
        self._day: date | None = None
        self._status: str | None = None
        self._channel: str | None = None
        self._search = ""
        self._exhausted = True
        self._loading = False
        self._generation = 0
        self._headers = [
            _t("Mã hồ sơ"),
            _t("Người nộp"),
            _t("Số định danh"),
            _t("Thủ tục"),
            _t("Nhận lúc"),
            _t("Hẹn trả"),
            _t("Trạng thái"),
        ]

    # --- what is shown -------------------------------------------------------------------------
    @property
    def day(self) -> date | None:
        return self._day

    @property
    def filters(self) -> tuple[str | None, str | None]:
        """The list's (status, channel) filters; None shows every status / channel."""
        return self._status, self._channel

    def set_filters(self, status: str | None, channel: str | None) -> None:
        """Filter the list by status and channel (in the query: a million rows never load)."""
        self._status, self._channel = status or None, channel or None

    @property
    def searching(self) -> bool:
        return bool(self._search)

    @property
    def loading(self) -> bool:
        return self._loading

    def show_day(self, day: date | None) -> None:
        """List ``day``'s dossiers (all days if None), newest first; loads the first page."""
        self._day, self._search = day, ""
        self._restart(exhausted=False)
        self._load_page()
        gen = self._generation
        self._tasks.run(
            partial(
                count_dossiers,
                self._ctx,
                self._session.actor(),
                day,
                status=self._status,
                channel=self._channel,
            ),
            name="count-dossiers",
            owner=self,
            on_done=partial(self._counted, gen),
        )

    def show_search(self, text: str) -> None:
        """Search by code, ID number or name (no diacritics needed); empty text goes back to the list."""
        text = text.strip()
        if not text:
            self.show_day(self._day)
            return
        self._search = text
        self._restart(exhausted=True)
        gen = self._generation
        self._set_loading(True)
        self._tasks.run(
            partial(
                search_dossiers,
                self._ctx,
                self._session.actor(),
                text,
                SEARCH_LIMIT,
                status=self._status,
                channel=self._channel,
            ),
            name="search-dossiers",
            owner=self,
            on_done=lambda rows: self._search_loaded(gen, rows),
            on_finished=partial(self._done, gen),
        )

    def refresh(self) -> None:
        if self._search:
            self.show_search(self._search)
        else:
            self.show_day(self._day)

    def summary(self, row: int) -> DossierSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # --- lazy loading ------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._load_page()

    def _restart(self, *, exhausted: bool) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._exhausted = exhausted
        self.endResetModel()
        self._set_loading(False)

    def _current(self, gen: int) -> bool:
        return gen == self._generation

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    def _load_page(self) -> None:
        gen = self._generation
        last = self._rows[-1] if self._rows else None
        after = ListCursor(last.received_at, last.id) if last else None
        self._set_loading(True)
        self._tasks.run(
            partial(
                list_dossiers,
                self._ctx,
                self._session.actor(),
                self._day,
                after,
                self.page_size,
                status=self._status,
                channel=self._channel,
            ),
            name="list-dossiers",
            owner=self,
            on_done=lambda rows: self._page_loaded(gen, rows),
            on_finished=partial(self._done, gen),
        )

    def _counted(self, gen: int, total: int) -> None:
        if self._current(gen):
            self.total_changed.emit(total, False)

    def _done(self, gen: int) -> None:
        if self._current(gen):
            self._set_loading(False)

    def _page_loaded(self, gen: int, rows: list[DossierSummary]) -> None:
        if not self._current(gen):
            return
        if len(rows) < self.page_size:
            self._exhausted = True
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _search_loaded(self, gen: int, rows: list[DossierSummary]) -> None:
        if not self._current(gen):
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()
        self.total_changed.emit(len(rows), True)

    # --- QAbstractTableModel ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, col)
        if col == self.DUE and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return self._mark_style(due_mark(s.status, s.due_at, self._ctx.clock()), role)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.PROCEDURE:
            return f"{s.procedure_code} — {s.procedure_name}"
        if role == Qt.ItemDataRole.UserRole:
            return s.code
        return None

    def _display(self, s: DossierSummary, col: int) -> str:
        if col == self.CODE:
            return s.code
        if col == self.APPLICANT:
            return s.applicant_name
        if col == self.ID_NUMBER:
            return s.id_number
        if col == self.PROCEDURE:
            return s.procedure_name
        if col == self.RECEIVED:
            return s.received_at.strftime("%H:%M %d/%m/%Y")
        if col == self.DUE:
            mark = mark_label(due_mark(s.status, s.due_at, self._ctx.clock()))
            return s.due_at.strftime("%H:%M %d/%m/%Y") + (f" — {mark}" if mark else "")
        return status_label(s.status)

    @staticmethod
    def _mark_style(mark: str | None, role: int) -> Any:
        if mark is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(MARK_COLOURS[mark]))
        font = QFont()
        font.setBold(True)
        return font
