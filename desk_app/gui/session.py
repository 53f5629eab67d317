"""Who is working at the counter now: the logged-in user, shared by the window's screens and workers.

One object per main window; the idle lock may hand the window to another user, so screens read
``session.user`` when they call a service rather than keeping their own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk_app.domain.accounts import User


@dataclass
class Session:
    user: User | None = None  # None: nobody logged in, or the window is locked

    def actor(self) -> User:
        """The logged-in user, the acting user of a service call; the counter cannot call a service while
        the login panel shows, so None here is a bug."""
        if self.user is None:
            raise RuntimeError("nobody is logged in")
        return self.user
