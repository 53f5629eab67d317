"""catalogue entries say their level, channels and sources: placeholder codes (TAM.xxx) removed; entries
the bundled catalogue has are replaced by its entry; others converted (level both, channels from
post_allowed, a source saying they predate sources — `desk-app doctor` names them)

Revision ID: 0011
Revises: 0010
"""

import json
import re
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

LEGACY_SOURCE = "Danh mục của trạm trước khi có nguồn (phiên bản 0011): cần nhập lại từ danh mục có nguồn"


def _bundled() -> dict[str, dict]:
    from desk_app.locator import resource

    path = Path(resource("catalogue", "procedures.json"))
    return {p["code"]: p for p in json.loads(path.read_text(encoding="utf-8"))["procedures"]}


def _converted(old: dict) -> dict:
    new = {k: v for k, v in old.items() if k not in ("post_allowed", "code_confirmed")}
    new["level"] = "both"
    new["channels"] = ["counter", "post"] if old.get("post_allowed") else ["counter"]
    new["sources"] = {fact: LEGACY_SOURCE for fact in ("code", "level", "channels", "limit", "documents")}
    if old.get("fee") is not None:
        new["sources"]["fee"] = LEGACY_SOURCE
    if old.get("cases"):
        new["sources"]["cases"] = LEGACY_SOURCE
    return new


def upgrade() -> None:
    conn = op.get_bind()
    table = sa.table("procedures", sa.column("code", sa.String), sa.column("data", sa.Text))
    bundled = _bundled()
    for code, data in conn.execute(sa.select(table.c.code, table.c.data)).all():
        if re.fullmatch(r"TAM\.[0-9]{3}", code):
            conn.execute(table.delete().where(table.c.code == code))
            continue
        old = json.loads(data)
        new = bundled.get(code) or _converted(old)
        conn.execute(
            table.update().where(table.c.code == code).values(data=json.dumps(new, ensure_ascii=False))
        )


def downgrade() -> None:
    conn = op.get_bind()
    table = sa.table("procedures", sa.column("code", sa.String), sa.column("data", sa.Text))
    for code, data in conn.execute(sa.select(table.c.code, table.c.data)).all():
        new = json.loads(data)
        old = {k: v for k, v in new.items() if k not in ("level", "channels", "sources", "fee_online",
                                                          "fee_per_person")}  # fmt: skip
        old["post_allowed"] = "post" in new.get("channels", [])
        old["code_confirmed"] = True
        conn.execute(
            table.update().where(table.c.code == code).values(data=json.dumps(old, ensure_ascii=False))
        )
