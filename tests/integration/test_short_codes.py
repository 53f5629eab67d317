"""Issue 18, part 6: the short code ``YYMMDD-NNNN`` — the receipt's day and number, without the agency —
is enough wherever a code is typed: opening, searching, acting, filing pages, and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.domain.codes import full_code, looks_like_short_code
from desk_app.domain.errors import NotFound
from desk_app.domain.lifecycle import Action
from desk_app.services.intake import receive_dossier
from desk_app.services.lifecycle import act
from desk_app.services.queries import get_dossier, search_dossiers
from tests.actors import OFFICER, SUPERVISOR
from tests.conftest import walk_in
from tests.integration.test_cli import data_dir, desk  # noqa: F401  (data_dir is a fixture)


def test_a_short_code_is_this_stations_and_anything_else_is_unchanged() -> None:
    assert full_code(" 261120-0001 ", "G01.79.760.001") == "G01.79.760.001-261120-0001"
    assert full_code("g01.79.760.001-261120-0001", "G01.79.760.001") == "G01.79.760.001-261120-0001"
    assert full_code("261120-00", "G01", partial=True) == "G01-261120-00"  # a search prefix
    assert full_code("261120-00", "G01") == "261120-00"  # not a whole code: left for the caller to refuse
    assert looks_like_short_code("261120-0001") and not looks_like_short_code("G01-261120-0001")


def test_open_search_and_act_by_the_short_code(station) -> None:
    ctx = station.ctx
    code = receive_dossier(ctx, OFFICER, walk_in()).dossier.code
    short = code.split("-", 1)[1]
    assert get_dossier(ctx, OFFICER, short).code == code
    assert [s.code for s in search_dossiers(ctx, OFFICER, short)] == [code]
    assert [s.code for s in search_dossiers(ctx, OFFICER, short[:9])] == [code]  # the start of one
    act(ctx, SUPERVISOR, short, Action.REQUEST_SUPPLEMENT, reason="Thiếu tờ khai bản chính")
    assert get_dossier(ctx, OFFICER, code).status == "supplement_requested"
    with pytest.raises(NotFound, match=f"{ctx.config.station.agency_code}-261120-9999"):
        get_dossier(ctx, OFFICER, "261120-9999")


def test_the_command_line_takes_the_short_code(data_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(walk_in(), ensure_ascii=False) + "\n", encoding="utf-8")
    code = desk("import", str(src), data_dir=data_dir).stdout.strip()
    short = code.split("-", 1)[1]
    shown = json.loads(desk("show", short, "--json", data_dir=data_dir).stdout)
    assert shown["code"] == code
