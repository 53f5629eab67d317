"""Alembic environment of the central server's database; desk_app.central.db passes the connection in."""

from __future__ import annotations

from alembic import context

from desk_app.central.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run central migrations through desk_app.central.db.migrate()")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
