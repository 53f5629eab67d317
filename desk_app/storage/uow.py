"""The unit of work: one transaction, its repositories, commit or roll back as a whole."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from desk_app.storage.accounts import AccountRepository, AuditRepository
from desk_app.storage.meta import MetaRepository
from desk_app.storage.outbox import OutboxRepository
from desk_app.storage.reports import ReportRepository
from desk_app.storage.repositories import CatalogueRepository, DossierRepository
from desk_app.storage.scans import ScanRepository


class UnitOfWork:
    """``with uow: ...; uow.commit()`` — anything not committed is rolled back on exit.

    A writing unit (``write=True``) starts with ``BEGIN IMMEDIATE`` so that concurrent writers queue
    on SQLite's lock instead of failing halfway.
    """

    dossiers: DossierRepository
    catalogue: CatalogueRepository
    scans: ScanRepository
    accounts: AccountRepository
    audit: AuditRepository
    meta: MetaRepository
    outbox: OutboxRepository
    reports: ReportRepository

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self.engine = engine
        self.write = write
        self._conn: Connection | None = None

    def __enter__(self) -> UnitOfWork:
        conn = self.engine.connect()
        if self.write:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            conn.begin()  # take the write lock now; readers begin lazily on their first statement
        self._conn = conn
        self.dossiers = DossierRepository(conn)
        self.catalogue = CatalogueRepository(conn)
        self.scans = ScanRepository(conn)
        self.accounts = AccountRepository(conn)
        self.audit = AuditRepository(conn)
        self.meta = MetaRepository(conn)
        self.outbox = OutboxRepository(conn)
        self.reports = ReportRepository(conn)
        return self

    def commit(self) -> None:
        assert self._conn is not None, "commit outside the unit of work"
        self._conn.commit()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._conn is not None
        try:
            if self._conn.in_transaction():
                self._conn.rollback()
        finally:
            self._conn.close()
            self._conn = None
