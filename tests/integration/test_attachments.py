"""Attaching pages from files: every format, one PDF per checklist item, bad files refused whole."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from desk_app.domain.errors import DeskError
from desk_app.scanning.errors import ScanError
from desk_app.services.attachments import attach_files, attachment_path, blobs, list_pages
from desk_app.services.intake import receive_dossier
from desk_app.services.queries import get_dossier
from tests.actors import OFFICER
from tests.conftest import walk_in
from tests.integration.test_cli import desk, station_with_one_dossier
from tests.scan_samples import blank_page, form_pdf, render, scanned

PAPER = "Đơn trình báo mất hộ chiếu phổ thông (mẫu TK05)"  # the paper of walk_in()'s lost-passport report


@pytest.fixture
def dossier(station):
    return receive_dossier(station.ctx, OFFICER, walk_in()).dossier


@pytest.fixture
def files(station, dossier, tmp_path) -> dict[str, Path]:
    """The same two-page form as PDF, multi-page TIFF, JPEG and PNG (one page each for the images)."""
    pdf = form_pdf(station.ctx, dossier.code, tmp_path / "slip.pdf")
    receipt = form_pdf(station.ctx, dossier.code, tmp_path / "receipt.pdf", form="receipt")
    pages = [scanned(render(pdf, 200), 1.0), scanned(render(receipt, 200), -0.5, seed=3)]
    out = {"pdf": receipt}
    pages[0].save(out.setdefault("tiff", tmp_path / "two.tif"), save_all=True, append_images=pages[1:],
                  compression="tiff_lzw", dpi=(200, 200))  # fmt: skip
    pages[0].save(out.setdefault("jpeg", tmp_path / "photo.jpg"), quality=85, dpi=(200, 200))
    pages[1].convert("RGB").save(out.setdefault("png", tmp_path / "page.png"), dpi=(200, 200))
    return out


def pdf_pages(path: Path) -> int:
    with pikepdf.open(path) as doc:
        return len(doc.pages)


def test_every_format_attaches_and_the_item_pdf_grows(station, dossier, files):
    ctx = station.ctx
    first = attach_files(ctx, OFFICER, dossier.code, [files["pdf"]])
    receipt_pages = pdf_pages(files["pdf"])
    assert first.item == "" and first.added == receipt_pages
    done = attach_files(ctx, OFFICER, dossier.code, [files["tiff"], files["jpeg"], files["png"]])
    assert done.added == 4
    [general] = done.dossier.attachments
    assert general.item == "" and general.pages == receipt_pages + 4
    path = attachment_path(ctx, OFFICER, dossier.code)
    assert path.read_bytes().startswith(b"%PDF") and pdf_pages(path) == receipt_pages + 4
    assert general.bytes == path.stat().st_size
    pages = list_pages(ctx, OFFICER, dossier.code)
    assert [p.position for p in pages] == list(range(1, receipt_pages + 5))
    assert pages[-1].source == "file:page.png#1" and pages[-3].source == "file:two.tif#2"
    assert all(blobs(ctx).path(p.sha256).is_file() for p in pages)
    events = [e for e in get_dossier(ctx, OFFICER, dossier.code).events if e.kind == "attached"]
    assert [e.data["pages"] for e in events] == [receipt_pages, 4]


def test_pages_go_to_the_checklist_item_named_without_diacritics(station, dossier, files):
    done = attach_files(
        station.ctx,
        OFFICER,
        dossier.code,
        [files["jpeg"]],
        item="don trinh bao mat ho chieu pho thong (mau tk05)",
    )
    assert done.item == PAPER
    attach_files(station.ctx, OFFICER, dossier.code, [files["png"]])
    assert [(a.item, a.pages) for a in get_dossier(station.ctx, OFFICER, dossier.code).attachments] == [
        ("", 1),
        (PAPER, 1),
    ]
    with pytest.raises(DeskError, match="không có giấy tờ “Sổ hộ khẩu”"):
        attach_files(station.ctx, OFFICER, dossier.code, [files["png"]], item="Sổ hộ khẩu")


def test_blank_pages_are_skipped_and_an_all_blank_file_is_refused(station, dossier, tmp_path, files):
    blank = tmp_path / "blank.tif"
    page = scanned(render(files["pdf"], 200))
    page.save(blank, save_all=True, append_images=[blank_page(200), page], dpi=(200, 200))
    done = attach_files(station.ctx, OFFICER, dossier.code, [blank])
    assert (done.added, done.blank_skipped) == (2, 1)
    only_blank = tmp_path / "back.png"
    blank_page(200, seed=5).save(only_blank, dpi=(200, 200))
    with pytest.raises(ScanError, match="trắng"):
        attach_files(station.ctx, OFFICER, dossier.code, [only_blank])


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims ``width`` × ``height`` (what a decompression bomb looks like to a reader)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    return path


def _encrypted(source: Path, out: Path) -> Path:
    with pikepdf.open(source) as doc:
        doc.save(out, encryption=pikepdf.Encryption(owner="o", user="secret"))
    return out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d, f: _write(d / "empty.pdf", b""), "trống"),
        (lambda d, f: _png_header_only(d / "huge.png", 20_000, 20_000), "quá lớn"),
        (lambda d, f: _encrypted(f["pdf"], d / "locked.pdf"), "mật khẩu"),
        (lambda d, f: _truncated(f["pdf"], d / "cut.pdf"), "hỏng"),
        (lambda d, f: _truncated(f["jpeg"], d / "cut.jpg", 0.3), "hỏng"),
        (lambda d, f: _write(d / "letter.docx", b"PK\x03\x04" + b"\x00" * 60), "chưa được hỗ trợ"),
        (lambda d, f: d / "missing.png", "Không đọc được"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_attached(station, dossier, files, tmp_path, make, message):
    bad = make(tmp_path, files)
    with pytest.raises(ScanError, match=message):
        attach_files(
            station.ctx, OFFICER, dossier.code, [files["png"], bad]
        )  # a good file first: not kept either
    record = get_dossier(station.ctx, OFFICER, dossier.code)
    assert record.attachments == () and not [e for e in record.events if e.kind == "attached"]
    assert list_pages(station.ctx, OFFICER, dossier.code) == []


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _truncated(source: Path, out: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    return _write(out, data[: int(len(data) * keep)])


def test_cli_attach_and_show_json(tmp_path, files):
    data, code = station_with_one_dossier(tmp_path)
    out = desk("attach", code, str(files["tiff"]), "--item", PAPER, data_dir=data).stdout.strip().split("\t")
    assert out[:4] == [code, PAPER, "2", "2"] and len(out[4]) == 64
    shown = json.loads(desk("show", code, "--json", data_dir=data).stdout)
    assert shown["attachments"] == [
        {"item": PAPER, "pages": 2, "bytes": shown["attachments"][0]["bytes"], "sha256": out[4],
         "updated_at": shown["attachments"][0]["updated_at"]}
    ]  # fmt: skip
    assert (data / "scans" / out[4][:2] / out[4]).stat().st_size == shown["attachments"][0]["bytes"]
    bad = desk("attach", code, str(tmp_path / "nope.pdf"), data_dir=data, check=False)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1 and "nope.pdf" in bad.stderr
    unknown = desk("attach", "G01-261120-9999", str(files["png"]), data_dir=data, check=False)
    assert unknown.returncode != 0 and "G01-261120-9999" in unknown.stderr


def test_an_image_is_never_loaded_whole_before_its_size_is_checked(tmp_path):
    from desk_app.scanning.files import read_pages

    with pytest.raises(ScanError, match="quá lớn"):  # Pillow's own bomb check, before any decoding
        next(read_pages(_png_header_only(tmp_path / "bomb.png", 20_000, 20_000)))
    with pytest.raises(ScanError, match="9000 × 9000 điểm ảnh quá lớn"):  # ours, under Pillow's limit
        next(read_pages(_png_header_only(tmp_path / "big.png", 9_000, 9_000)))
    Image.new("L", (50, 50), 255).save(tmp_path / "ok.png")
    assert next(read_pages(tmp_path / "ok.png")).image.size == (50, 50)
