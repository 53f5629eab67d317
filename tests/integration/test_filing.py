"""Cover sheets printed, a mixed feeder stack scanned (crooked, noisy, 150–300 dpi) and filed by them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import img2pdf
import numpy as np
import pytest
import segno
from PIL import Image, ImageDraw, ImageFilter

from desk_app.scanning.errors import ScanError
from desk_app.scanning.files import read_pages
from desk_app.scanning.idcard import read_card
from desk_app.services.attachments import list_pages
from desk_app.services.cover_sheets import write_cover_sheet
from desk_app.services.filing import file_batch
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from desk_app.storage.uow import UnitOfWork
from tests.actors import OFFICER
from tests.conftest import SAMPLE_QR, require_tool, walk_in
from tests.integration.test_cli import desk, station_with_one_dossier
from tests.scan_samples import blank_page, form_pdf, render, scanned


@pytest.fixture
def two(station):
    first = receive_dossier(station.ctx, OFFICER, walk_in()).dossier
    raw = walk_in(procedure="1.004194", received_at="2026-11-20T09:40:00+07:00")
    raw["documents"] = [{"name": "CT01"}, {"name": "Giấy tờ chỗ ở"}]
    second = receive_dossier(station.ctx, OFFICER, raw).dossier
    return first, second


def _stack(pages: list[tuple[Image.Image, int]], out: Path) -> Path:
    """What the feeder gives: one PDF of JPEG pages, each at its own resolution."""
    blobs = []
    for image, dpi in pages:
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=75, dpi=(dpi, dpi))
        blobs.append(buf.getvalue())
    out.write_bytes(img2pdf.convert(blobs))
    return out


def test_a_cover_sheet_decodes_from_its_pdf(station, two, tmp_path):
    pdftoppm = require_tool("pdftoppm")
    import subprocess

    import zxingcpp

    first, second = two
    pdf = write_cover_sheet(station.ctx, OFFICER, second.code, tmp_path / "c.pdf", item="giay to cho o")
    for dpi in (150, 300):
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / f"c{dpi}")],
                       check=True)  # fmt: skip
        texts = {r.text for r in zxingcpp.read_barcodes(Image.open(tmp_path / f"c{dpi}.png"))}
        assert texts == {f"TB:{second.code}/2"}  # Code128 and QR say the same
    with pytest.raises(Exception, match="không có giấy tờ"):
        write_cover_sheet(station.ctx, OFFICER, first.code, tmp_path / "x.pdf", item="Sổ hộ khẩu")


def test_a_mixed_stack_is_split_at_its_covers(station, two, tmp_path):
    ctx = station.ctx
    first, second = two
    cover1 = render(write_cover_sheet(ctx, OFFICER, first.code, tmp_path / "c1.pdf"), 300)
    cover2 = render(write_cover_sheet(ctx, OFFICER, second.code, tmp_path / "c2.pdf", item="CT01"), 200)
    form = form_pdf(ctx, first.code, tmp_path / "slip.pdf")
    page150, page300 = render(form, 150), render(form, 300)
    stack = _stack(
        [
            (scanned(page150, 0.8, seed=1), 150),  # 1: before any cover: unfiled
            (scanned(cover1, -2.0, noise=9, seed=2), 300),  # 2: cover of the first dossier
            (scanned(page300, 1.2, seed=3), 300),  # 3
            (blank_page(150, seed=4), 150),  # 4: the back of page 3: skipped
            (scanned(page150, -0.6, seed=5), 150),  # 5
            (scanned(cover2.rotate(180), 1.5, seed=6), 200),  # 6: second dossier, paper 1, fed upside down
            (scanned(page150.rotate(90, expand=True), 0.3, seed=7), 150),  # 7: fed sideways
        ],
        tmp_path / "stack.pdf",
    )
    batch = file_batch(ctx, OFFICER, read_pages(stack))
    assert [(p.number, p.code) for p in batch.pages] == [
        (1, None), (2, first.code), (3, first.code), (4, first.code), (5, first.code), (6, second.code),
        (7, second.code),
    ]  # fmt: skip
    assert [p.number for p in batch.pages if p.cover] == [2, 6]
    assert [p.number for p in batch.pages if p.blank_skipped] == [4]
    assert batch.filed == {first.code: 2, second.code: 1} and batch.unfiled == 1
    one = get_dossier(ctx, OFFICER, first.code).attachments
    assert [(a.item, a.pages) for a in one] == [("", 2)]
    assert [(a.item, a.pages) for a in get_dossier(ctx, OFFICER, second.code).attachments] == [("CT01", 1)]
    assert [p.source for p in list_pages(ctx, OFFICER, first.code)] == [
        "file:stack.pdf#3",
        "file:stack.pdf#5",
    ]
    assert [p.rotation for p in list_pages(ctx, OFFICER, first.code)] == [0, 0]
    assert [p.rotation for p in list_pages(ctx, OFFICER, second.code)] == [90]  # its form's barcodes said so
    with ctx.uow() as uow:
        assert isinstance(uow, UnitOfWork)
        tray = uow.scans.unfiled()
    assert [(t["source"], t["note"]) for t in tray] == [("file:stack.pdf#1", "trước tờ bìa đầu tiên")]


def test_a_cover_of_an_unknown_dossier_sends_its_pages_to_the_tray(station, two, tmp_path):
    ctx = station.ctx
    first, _ = two
    stranger = first.code[:-4] + "7777"
    from desk_app.documents.cover_sheet import CoverSheet, render_cover_sheet
    from desk_app.locator import resource
    from desk_app.services.receipts import template_path

    sheet = CoverSheet("Công an phường khác", stranger, "Ai đó", "Thủ tục khác")
    tpl = template_path(ctx, "forms_vi.toml")
    render_cover_sheet(sheet, tmp_path / "s.pdf", fonts_dir=resource("fonts"), template_path=tpl)
    page = render(form_pdf(ctx, first.code, tmp_path / "slip.pdf"), 200)
    stack = _stack([(scanned(render(tmp_path / "s.pdf", 200), 1.0), 200), (scanned(page, 0.5), 200)],
                   tmp_path / "stack.pdf")  # fmt: skip
    batch = file_batch(ctx, OFFICER, read_pages(stack))
    assert [(p.number, p.code) for p in batch.pages] == [(1, None), (2, None)]
    assert batch.unfiled == 1 and stranger in batch.notes[0]
    assert get_dossier(ctx, OFFICER, first.code).attachments == ()


def test_cli_cover_sheet_and_file_batch(tmp_path):
    data, code = station_with_one_dossier(tmp_path)
    desk("cover-sheet", code, "-o", str(tmp_path / "cover.pdf"), data_dir=data)
    desk("form", "control-slip", code, "-o", str(tmp_path / "slip.pdf"), data_dir=data)
    stack = _stack(
        [(scanned(render(tmp_path / "cover.pdf", 200), -1.0), 200),
         (scanned(render(tmp_path / "slip.pdf", 200), 0.7), 200)],
        tmp_path / "stack.pdf",
    )  # fmt: skip
    lines = desk("file-batch", str(stack), data_dir=data).stdout.splitlines()
    assert lines == [f"1\t{code}", f"2\t{code}"]
    shown = json.loads(desk("show", code, "--json", data_dir=data).stdout)
    assert [(a["item"], a["pages"]) for a in shown["attachments"]] == [("", 1)]
    bad = desk("cover-sheet", code[:-4] + "9999", "-o", str(tmp_path / "x.pdf"), data_dir=data, check=False)
    assert bad.returncode != 0 and not (tmp_path / "x.pdf").exists() and len(bad.stderr.splitlines()) == 1


def _card_photo(payload: str, out: Path, *, angle: float = 7.0, blur: float = 1.2) -> Path:
    """A phone photo of the front of a chip card: the QR at the top right, tilted, soft, dim."""
    card = Image.new("L", (1712, 1080), 225)  # 85.6 × 54 mm at 508 dpi
    draw = ImageDraw.Draw(card)
    for y in range(380, 900, 70):
        draw.rectangle((560, y, 1300, y + 28), fill=90)  # lines of printed text
    matrix = np.array(segno.make(payload, error="m", encoding="utf-8").matrix, dtype=np.uint8)
    modules = np.pad(matrix, 2)  # a small quiet zone, as printed on the card
    qr = Image.fromarray((1 - modules) * 255).resize((330, 330), Image.Resampling.NEAREST)
    card.paste(qr, (1300, 60))
    photo = Image.new("L", (3000, 2250), 120)
    photo.paste(card.rotate(angle, expand=True, fillcolor=120), (500, 400))
    photo = photo.filter(ImageFilter.GaussianBlur(blur)).point(lambda v: 40 + v * 0.7)
    photo.convert("RGB").save(out, quality=80)
    return out


def test_a_card_photo_fills_the_applicant(tmp_path):
    card = read_card(_card_photo(SAMPLE_QR, tmp_path / "card.jpg"))
    assert (card.id_number, card.full_name, card.birth_date.isoformat()) == (
        "034303011829",
        "Nguyễn Thị Hoa",
        "2003-03-21",
    )
    out = json.loads(desk("read-id", str(tmp_path / "card.jpg"), "--json", data_dir=tmp_path / "none").stdout)
    assert out["full_name"] == "Nguyễn Thị Hoa" and out["id_number"] == "034303011829" and out["sex"] == "Nữ"


def test_a_card_image_without_a_readable_qr_says_so(tmp_path):
    plain = tmp_path / "plain.png"
    Image.new("L", (800, 500), 200).save(plain)
    with pytest.raises(ScanError, match="Không đọc được mã QR"):
        read_card(plain)
    with pytest.raises(ScanError, match="không phải mã QR của thẻ căn cước"):
        read_card(_card_photo("https://dichvucong.bocongan.gov.vn", tmp_path / "other.jpg"))
    bad = desk("read-id", str(plain), "--json", data_dir=tmp_path / "none", check=False)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1


def test_a_feeder_stack_without_covers_goes_to_the_tray_and_is_sorted_by_hand(station, two, sane_test_device):
    from desk_app.services.filing import file_unfiled, list_unfiled, scan_batch

    ctx = station.ctx
    first, _ = two
    seen: list[int] = []
    batch = scan_batch(ctx, OFFICER, device_id="sane:test:1", resolution=75,
                       progress=lambda n, _s: seen.append(n), cancel=lambda: len(seen) >= 4)  # fmt: skip
    assert batch.interrupted is not None and batch.unfiled == 4 and batch.filed == {}
    tray = list_unfiled(ctx, OFFICER)
    assert [t.source for t in tray] == [f"sane:test:1#{n}" for n in range(1, 5)]
    record = file_unfiled(
        ctx,
        OFFICER,
        [tray[2].id, tray[0].id],
        first.code,
        item="don trinh bao mat ho chieu pho thong (mau tk05)",
    )
    assert [(a.item, a.pages) for a in record.attachments] == [
        ("Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)", 2)
    ]
    assert [p.source for p in list_pages(ctx, OFFICER, first.code)] == ["sane:test:1#3", "sane:test:1#1"]
    assert [t.source for t in list_unfiled(ctx, OFFICER)] == ["sane:test:1#2", "sane:test:1#4"]
    with pytest.raises(Exception, match="không còn trong khay"):
        file_unfiled(ctx, OFFICER, [tray[0].id], first.code)
