"""Alembic environment of the station database; desk_app.storage.db passes the connection in."""

from __future__ import annotations

from alembic import context

from desk_app.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run station migrations through desk_app.storage.db.migrate()")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
