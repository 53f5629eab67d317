"""What every screen gets: the open station, the message bridge, the task helper, printing, catalogue.

Built once per main window by :func:`build_shell`; screens receive it instead of reaching for globals.
The shell owns the reference data the screens show — the catalogue and the working calendar: when the
changes feed brings a new one, :meth:`Shell.reference_changed` reloads both off the GUI thread, puts them
in place on the GUI thread, and ``changes.catalogue_changed`` tells the open screens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QObject, Signal

from desk_app.bootstrap import Station
from desk_app.domain.accounts import User
from desk_app.domain.calendar import WorkingCalendar
from desk_app.domain.catalogue import Catalogue
from desk_app.gui.messages import Messenger
from desk_app.gui.print_settings import PrintSettings
from desk_app.gui.printing import DocumentPrinting
from desk_app.gui.session import Session
from desk_app.gui.tasks import TaskManager
from desk_app.services.catalogue import load_catalogue, load_reference
from desk_app.services.context import DeskContext


class ReferenceChanges(QObject):
    """Tells the open screens that the catalogue (and the calendar with it) changed."""

    catalogue_changed = Signal(object)  # the new Catalogue


@dataclass
class Shell:
    station: Station
    session: Session
    messages: Messenger
    tasks: TaskManager
    printing: DocumentPrinting
    owner: QObject
    catalogue: Catalogue | None = field(default=None)
    changes: ReferenceChanges = field(default_factory=ReferenceChanges)

    @property
    def ctx(self) -> DeskContext:
        return self.station.ctx

    @property
    def user(self) -> User:
        """The logged-in user: the acting user of every service call from this window."""
        return self.session.actor()

    def with_catalogue(self, callback: Callable[[Catalogue], None], owner: QObject | None = None) -> None:
        """Call ``callback(catalogue)`` now if loaded, else once it has been loaded off the GUI thread."""
        if self.catalogue is not None:
            callback(self.catalogue)
            return

        def loaded(catalogue: Catalogue) -> None:
            self.catalogue = catalogue
            callback(catalogue)

        self.tasks.run(partial(load_catalogue, self.ctx), name="load-catalogue", on_done=loaded, owner=owner)

    def reference_changed(self) -> None:
        """The changes feed brought a catalogue or a calendar: reload both, then tell the screens."""
        work = partial(load_reference, self.ctx)
        self.tasks.run(work, name="load-reference", on_done=self._reference_loaded)

    def _reference_loaded(self, loaded: tuple[Catalogue, WorkingCalendar]) -> None:
        """On the GUI thread: the one place the open app's catalogue and calendar are replaced."""
        self.catalogue, self.ctx.calendar = loaded
        self.changes.catalogue_changed.emit(self.catalogue)


def build_shell(station: Station, user: User | None, *, interactive: bool = True) -> Shell:
    """The shared objects of one main window; ``interactive=False`` records messages without boxes."""
    owner = QObject()
    owner.setObjectName("desk_app.shell")
    messages = Messenger(owner, interactive=interactive)
    tasks = TaskManager(messages, owner)
    settings = PrintSettings.load(station.ctx.data_dir, station.ctx.config)
    session = Session(user)
    printing = DocumentPrinting(station.ctx, session, tasks, messages, settings, owner)
    return Shell(station, session, messages, tasks, printing, owner)
