"""What every service needs from the composition root: config, data directory, units of work, clock."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_app.config import Config
from desk_app.domain.calendar import DueRules, WorkingCalendar
from desk_app.domain.codes import SequenceBlock, sequence_block
from desk_app.domain.model import VN_TZ
from desk_app.storage.search import DossierSearch
from desk_app.storage.uow import UnitOfWork


def vietnam_now() -> datetime:
    """The wall clock in Vietnam time (the only clock read in the services)."""
    return datetime.now(VN_TZ).replace(microsecond=0)


@dataclass
class DeskContext:
    """A station that is open for work; built by :mod:`desk_app.bootstrap`."""

    config: Config
    data_dir: Path
    uow: Callable[..., UnitOfWork]  # uow(write=True) for a writing unit
    calendar: WorkingCalendar
    search: DossierSearch
    clock: Callable[[], datetime] = vietnam_now

    @property
    def rules(self) -> DueRules:
        return DueRules(cutoff=self.config.cutoff_time, return_time=self.config.return_time)

    @property
    def block(self) -> SequenceBlock:
        return sequence_block(self.config.station.desk, self.config.counter.sequence_block_size)

    @property
    def officer(self) -> str:
        """The receiving officer until accounts exist (issue 5): the configured name, else the OS login."""
        return self.config.counter.officer_name or getpass.getuser()
