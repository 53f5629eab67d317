"""The station's own facts (table ``station_meta``): when it was set up, when it last synced."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from desk_app.storage.schema import station_meta


class MetaRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        value = self.conn.execute(select(station_meta.c.value).where(station_meta.c.key == key)).scalar()
        return str(value) if value is not None else None

    def set(self, key: str, value: str) -> None:
        if self.get(key) is None:
            self.conn.execute(insert(station_meta).values(key=key, value=value))
        else:
            self.conn.execute(update(station_meta).where(station_meta.c.key == key).values(value=value))
