"""Packaging tests: the bundle's build starts in the background when the session has collected them."""

from __future__ import annotations

import pytest

from tests.packaging import bundle_build


def pytest_collection_finish(session: pytest.Session) -> None:
    bundle_build.start(session)
