"""The acting users of the tests: one per role, as a login would return them, and their accounts.

Service tests pass these ``User`` values directly (the services check the role, as they do for a logged-in
user); CLI and GUI tests that log in for real get the same accounts in the station with
:func:`add_accounts`, all with :data:`TEST_PASSWORD`.
"""

from __future__ import annotations

from pathlib import Path

from desk_app import bootstrap
from desk_app.domain.accounts import Role, User
from desk_app.services.context import DeskContext

OFFICER = User("canbo", "Lê Thị Mai", Role.OFFICER)
SUPERVISOR = User("lanhdao", "Nguyễn Thị Lan", Role.SUPERVISOR)
ADMIN = User("quantri", "Phạm Minh Quân", Role.ADMIN)
TEST_PASSWORD = "mat-khau-thu"


def add_accounts(where: DeskContext | Path) -> None:
    """Create the three test accounts in a station (a context, or a data directory to open)."""
    from desk_app.services.accounts import add_user, create_first_admin

    if isinstance(where, Path):
        station = bootstrap.open_station(where)
        try:
            add_accounts(station.ctx)
        finally:
            station.close()
        return
    create_first_admin(where, ADMIN.username, TEST_PASSWORD, ADMIN.display_name)
    for user in (OFFICER, SUPERVISOR):
        add_user(where, ADMIN, user.username, user.role, TEST_PASSWORD, user.display_name)
