"""The page editor's services: turn, reorder, move between papers, remove — PDFs rebuilt, nothing lost."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

from desk_app.domain.errors import DeskError, NotFound
from desk_app.services.attachments import attach_files, attachment_path, list_pages
from desk_app.services.intake import receive_dossier
from desk_app.services.pages import arrange_pages, remove_page, rotate_page, thumbnail
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in

PAPER = "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)"


@pytest.fixture
def dossier(station, tmp_path):
    """A dossier with four distinguishable pages (grey levels 0, 40, 80, 120 in a square) on the dossier."""
    code = receive_dossier(station.ctx, OFFICER, walk_in()).dossier.code
    files = []
    for n in range(4):
        page = Image.new("L", (850, 1100), 250)
        page.paste(n * 40, (100, 100, 500, 500))
        path = tmp_path / f"p{n}.png"
        page.save(path, dpi=(100, 100))
        files.append(path)
    attach_files(station.ctx, OFFICER, code, files, mode="grey")
    return code


def shades(ctx, code: str, item: str = "") -> list[int]:
    """The grey of each page's square in the item's PDF, in order (what a reader of the PDF sees)."""
    with pikepdf.open(attachment_path(ctx, OFFICER, code, item)) as pdf:
        out = []
        for page in pdf.pages:
            image = next(iter(page.get_images().values()))
            pil = Image.open(io.BytesIO(image.read_raw_bytes()))
            out.append(round(pil.getpixel((300, 300)) / 40) * 40)
        return out


def rotations(ctx, code: str, item: str = "") -> list[int]:
    with pikepdf.open(attachment_path(ctx, OFFICER, code, item)) as pdf:
        return [int(p.obj.get("/Rotate", 0)) for p in pdf.pages]


def test_reorder_then_turn(station, dossier):
    ctx = station.ctx
    ids = [p.id for p in list_pages(ctx, OFFICER, dossier)]
    assert shades(ctx, dossier) == [0, 40, 80, 120]
    arrange_pages(ctx, OFFICER, dossier, "", [ids[2], ids[0], ids[3], ids[1]])
    assert shades(ctx, dossier) == [80, 0, 120, 40]
    assert [p.position for p in list_pages(ctx, OFFICER, dossier)] == [1, 2, 3, 4]
    rotate_page(ctx, OFFICER, dossier, ids[0], 90)
    rotate_page(ctx, OFFICER, dossier, ids[0], 90)
    record = rotate_page(ctx, OFFICER, dossier, ids[3], -90)
    assert rotations(ctx, dossier) == [0, 180, 270, 0]
    assert record.attachments[0].pages == 4
    assert [e.kind for e in record.events][-4:] == ["pages-edited"] * 4


def test_moving_pages_to_a_paper_rebuilds_both_pdfs(station, dossier):
    ctx = station.ctx
    ids = [p.id for p in list_pages(ctx, OFFICER, dossier)]
    record = arrange_pages(
        ctx, OFFICER, dossier, "don trinh bao mat ho chieu pho thong (mau tk05)", [ids[3], ids[1]]
    )
    assert [(a.item, a.pages) for a in record.attachments] == [("", 2), (PAPER, 2)]
    assert shades(ctx, dossier, PAPER) == [120, 40] and shades(ctx, dossier) == [0, 80]
    arrange_pages(ctx, OFFICER, dossier, PAPER, [ids[1]])  # named first; the paper's other page follows
    assert shades(ctx, dossier, PAPER) == [40, 120]


def test_removing_the_last_page_of_a_paper_drops_its_pdf_but_keeps_the_rows(station, dossier):
    ctx = station.ctx
    ids = [p.id for p in list_pages(ctx, OFFICER, dossier)]
    arrange_pages(ctx, OFFICER, dossier, PAPER, [ids[0]])
    record = remove_page(ctx, OFFICER, dossier, ids[0])
    assert [(a.item, a.pages) for a in record.attachments] == [("", 3)]
    remove_page(ctx, OFFICER, dossier, ids[2])
    assert shades(ctx, dossier) == [40, 120]
    assert [p.position for p in list_pages(ctx, OFFICER, dossier)] == [1, 2]
    from sqlalchemy import select

    from desk_app.storage.schema import scan_pages

    with station.engine.connect() as conn:  # the removed pages are still there, marked
        rows = conn.execute(select(scan_pages.c.id, scan_pages.c.removed_at)).all()
    assert len(rows) == 4 and sum(r.removed_at is not None for r in rows) == 2


def test_bad_edits_change_nothing(station, dossier):
    ctx = station.ctx
    ids = [p.id for p in list_pages(ctx, OFFICER, dossier)]
    before = get_dossier(ctx, OFFICER, dossier)
    with pytest.raises(DeskError, match="90"):
        rotate_page(ctx, OFFICER, dossier, ids[0], 45)
    with pytest.raises(NotFound):
        rotate_page(ctx, OFFICER, dossier, 99999, 90)
    with pytest.raises(DeskError, match="hai lần"):
        arrange_pages(ctx, OFFICER, dossier, "", [ids[0], ids[0]])
    with pytest.raises(DeskError, match="không có giấy tờ"):
        arrange_pages(ctx, OFFICER, dossier, "Sổ hộ khẩu", [ids[0]])
    remove_page(ctx, OFFICER, dossier, ids[1])
    with pytest.raises(NotFound):
        remove_page(ctx, OFFICER, dossier, ids[1])
    after = get_dossier(ctx, OFFICER, dossier)
    assert after.attachments[0].pages == before.attachments[0].pages - 1


def test_thumbnails_are_small_and_turned(station, dossier):
    ctx = station.ctx
    page = list_pages(ctx, OFFICER, dossier)[0]
    upright = Image.open(io.BytesIO(thumbnail(ctx, OFFICER, page.sha256, 0, 120)))
    turned = Image.open(io.BytesIO(thumbnail(ctx, OFFICER, page.sha256, 90, 120)))
    assert max(upright.size) == 120 and upright.size == turned.size[::-1]
