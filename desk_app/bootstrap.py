"""The composition root: builds config, engine, calendar and services for one data directory.

Nothing here runs at import time; the CLI and the GUI call :func:`open_station` or
:func:`initialise_station`, and tests build the same graph on a temporary directory.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from desk_app import config as config_mod
from desk_app.config import Config
from desk_app.domain.errors import DeskError
from desk_app.services.context import DeskContext
from desk_app.services.reference import bundled_catalogue, load_calendar
from desk_app.storage.db import SCHEMA_HEAD, make_engine, migrate
from desk_app.storage.permissions import owner_only, restrict_to_owner
from desk_app.storage.search import DossierSearch
from desk_app.storage.uow import UnitOfWork

log = logging.getLogger("desk_app.bootstrap")


@dataclass
class Station:
    """An open station: the context services use, and the engine to dispose of at the end."""

    ctx: DeskContext
    engine: Engine

    def close(self) -> None:
        self.ctx.search.close()
        self.engine.dispose()


def _prepare_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        restrict_to_owner(data_dir)  # citizens' data: the station account's only (0700 / user-only ACL)
    except OSError as exc:
        raise DeskError(f"Không tạo được thư mục dữ liệu {data_dir}: {exc.strerror}") from None


def open_station(data_dir: Path) -> Station:
    """Open an initialised station: read the config, migrate the DB (backup first), load the calendar."""
    if (data_dir / "restore-journal.json").exists():  # a restore cut off mid-way: undo it first
        from desk_app.services.restore import finish_interrupted

        finish_interrupted(data_dir)
    cfg = config_mod.load(data_dir)
    owner_only(data_dir)
    engine = make_engine(data_dir / config_mod.DB_NAME)
    try:
        migrate(engine, data_dir / "backups")
        calendar = load_calendar(data_dir)
    except DatabaseError as exc:
        engine.dispose()
        raise DeskError(
            f"Cơ sở dữ liệu {data_dir / config_mod.DB_NAME} bị hỏng, không mở được ({exc.orig}). "
            "Hãy khôi phục bản sao lưu gần nhất: desk-app restore TỆP --user QUẢN_TRỊ"
        ) from None
    except Exception:
        engine.dispose()
        raise
    ctx = DeskContext(
        config=cfg,
        data_dir=data_dir,
        uow=functools.partial(UnitOfWork, engine),
        calendar=calendar,
        search=DossierSearch(data_dir / config_mod.DB_NAME),
    )
    log.debug("station opened: agency %s, desk %s, schema %s", cfg.station.agency_code, cfg.station.desk,
              SCHEMA_HEAD)  # fmt: skip
    return Station(ctx, engine)


def initialise_station(data_dir: Path, cfg: Config) -> Station:
    """Create the data directory, ``station.toml`` and the DB; seed the bundled catalogue."""
    cfg = config_mod.validate(cfg)
    if (data_dir / config_mod.CONFIG_NAME).exists():
        raise DeskError(f"Bàn tiếp nhận đã được thiết lập trong {data_dir} (đã có {config_mod.CONFIG_NAME})")
    _prepare_dir(data_dir)
    config_mod.save(data_dir, cfg)
    station = open_station(data_dir)
    with station.ctx.uow(write=True) as uow:
        if not uow.catalogue.all():
            uow.catalogue.upsert(bundled_catalogue(), station.ctx.clock())
        uow.meta.set("initialised_at", station.ctx.clock().isoformat())
        uow.commit()
    log.info("station initialised in %s", data_dir)
    return station
