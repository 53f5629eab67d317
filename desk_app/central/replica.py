"""Where the provincial view reads its figures: a PostgreSQL streaming replica when one is given
(``desk-central serve --read-db URL``), else the primary (issue 19, part 5).

:meth:`ReadSource.pick` is asked once per page: it measures the standby's replay lag (one query on the
standby) and answers a :class:`Reading` — the engine to read from, and a sentence for the page when the
figures' age is worth saying, or when they come from the primary because the standby lags too far, does not
answer or is no standby. A standby that does not answer is not asked again for ``retry_after``, so a dead
replica costs each page nothing (its connection attempts are bounded by a 2 s ``connect_timeout``). A
replica's problem is logged and never raised. Nothing is ever written to the replica (no migrations: it
replays the primary's).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

log = logging.getLogger("desk_app.central.replica")

CONNECT_TIMEOUT_S = 2
STATEMENT_TIMEOUT_MS = 15_000  # a page's query on a standby that hangs (or waits on replay) gives up
#: The standby's state in one round trip: a standby at all?; has it replayed all it received from a
#: primary it is streaming from (then it is as fresh as the primary's last flush)?; else how long since the
#: last transaction it replayed committed on the primary, in seconds (NULL when none replayed yet).
LAG_SQL = text(
    "SELECT pg_is_in_recovery() AS standby,"
    " EXISTS (SELECT 1 FROM pg_stat_wal_receiver)"
    " AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() AS caught_up,"
    " extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS behind"
)


@dataclass(frozen=True)
class Reading:
    """Where a page's figures are read, and what the page should say about them."""

    engine: Engine  # where the page's figures are read
    source: str  # "primary" | "replica"
    age: timedelta | None  # how old the figures may be (the replica's replay lag); None from the primary
    note: str  # a sentence for the page, "" when there is nothing to say


def spoken(delta: timedelta) -> str:
    """A duration as a page says it: "dưới một phút", "khoảng 3 phút", "khoảng 2 giờ 5 phút", "khoảng 3
    ngày"."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "dưới một phút"
    if minutes < 60:
        return f"khoảng {minutes} phút"
    if minutes < 48 * 60:
        hours, rest = divmod(minutes, 60)
        return f"khoảng {hours} giờ" + (f" {rest} phút" if rest else "")
    return f"khoảng {minutes // (24 * 60)} ngày"


class ReadSource:
    """The primary, or a streaming replica while it is no further behind than ``max_lag``.

    ``clock`` (monotonic seconds) measures how long a failed replica is left alone: tests give their own.
    The age is said on the page from ``notice_after`` (a minute: less is no news to a reader). Called from
    several threads at once: at worst two pages both try a replica that has just failed.
    """

    DOWN = "Bản sao không trả lời: số liệu đọc từ máy chủ chính."
    NOT_STANDBY = "Bản sao không ở chế độ dự phòng: số liệu đọc từ máy chủ chính."
    UNKNOWN = "Không rõ bản sao chậm bao lâu: số liệu đọc từ máy chủ chính."

    def __init__(
        self,
        primary: Engine,
        replica_url: str | None = None,
        *,
        max_lag: timedelta = timedelta(minutes=5),
        retry_after: timedelta = timedelta(seconds=30),
        notice_after: timedelta = timedelta(minutes=1),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary, self.clock = primary, clock
        self.max_lag, self.retry_after, self.notice_after = max_lag, retry_after, notice_after
        self.replica: Engine | None = None
        if replica_url:
            if make_url(replica_url).get_backend_name() != "postgresql":
                raise ValueError("the read replica (--read-db) must be a PostgreSQL streaming standby")
            limits = {
                "connect_timeout": CONNECT_TIMEOUT_S,
                "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            }
            self.replica = create_engine(replica_url, pool_pre_ping=True, connect_args=limits)
        self._failed_until: float | None = None  # the replica is not asked before then (clock's seconds)
        self._failed_note = ""
        self._last = ""  # the last outcome logged, so a state is logged when it starts, not on every page

    def pick(self) -> Reading:
        """Where this page reads (blocking: one query on the standby, run it in a thread)."""
        if self.replica is None:
            return Reading(self.primary, "primary", None, "")
        if self._failed_until is not None:
            if self.clock() < self._failed_until:
                return self._fallback(self._failed_note)
            self._failed_until = None
        try:
            with self.replica.connect() as conn:
                row = conn.execute(LAG_SQL).one()
        except Exception as exc:  # any failure of the replica: pages read the primary, never an error page
            return self._failed(self.DOWN, f"the read replica does not answer: {exc}".splitlines()[0])
        if not row.standby:
            return self._failed(self.NOT_STANDBY, "the read replica is not in recovery (promoted?)")
        if row.caught_up:
            lag = timedelta(0)
        elif row.behind is None:
            self._log("unknown", "the read replica's lag is unknown (nothing replayed yet)")
            return self._fallback(self.UNKNOWN)
        else:
            lag = max(timedelta(seconds=float(row.behind)), timedelta(0))
        if lag > self.max_lag:
            self._log("lagging", f"the read replica lags by {lag}, over {self.max_lag}: reading the primary")
            return self._fallback(f"Bản sao đang chậm {spoken(lag)}: số liệu đọc từ máy chủ chính.")
        self._log("replica", "")
        note = f"Số liệu đọc từ bản sao, chậm {spoken(lag)}." if lag >= self.notice_after else ""
        return Reading(self.replica, "replica", lag, note)

    def failed_reading(self, exc: Exception) -> Reading:
        """A page's query failed on the replica (a conflict with recovery, a timeout, the standby gone
        after :meth:`pick`): the primary, for this page and for ``retry_after``."""
        return self._failed(self.DOWN, f"a page's query failed on the read replica: {exc}".splitlines()[0])

    def dispose(self) -> None:
        """Close the replica's connections (the primary's engine is its owner's)."""
        if self.replica is not None:
            self.replica.dispose()

    def _fallback(self, note: str) -> Reading:
        return Reading(self.primary, "primary", None, note)

    def _failed(self, note: str, why: str) -> Reading:
        """The replica is left alone for ``retry_after``; the pages read the primary meanwhile."""
        self._failed_until = self.clock() + self.retry_after.total_seconds()
        self._failed_note = note
        log.warning("%s; asked again in %s", why, self.retry_after)
        self._last = "failed"
        return self._fallback(note)

    def _log(self, state: str, message: str) -> None:
        if state != self._last:
            if message:
                log.warning("%s", message)
            elif self._last:
                log.info("the read replica is in use again")
            self._last = state
