"""Pages from files: PDF (rendered with PDFium), multi-page TIFF, JPEG and PNG.

The format is told by the file's first bytes, not its name. Every refusal is one Vietnamese sentence
naming the file: not a regular file (a folder, a device, a FIFO — refused at once, never waited on: the
file is opened without blocking and checked on its open descriptor, so nothing can be swapped in between),
empty, corrupt, password-protected, too large (more than :data:`MAX_PIXELS` pixels a page — a 20,000 ×
20,000 px image is refused before it is decoded), more than :data:`MAX_FILE_PAGES` pages (counted before
any page is rendered), or not a supported format.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from desk_app.scanning.errors import ScanError

#: the most pixels a page may have: an A3 page at 600 dpi (~70 M) passes, a 20,000 px square does not
MAX_PIXELS = 80_000_000
#: the most pages one file may bring (a morning's feeder stack for ``file-batch`` fits; a 3,000-page PDF
#: is refused before its first page is rendered)
MAX_FILE_PAGES = 1000
PDF_DPI = 200  # imported PDF pages are rendered at this resolution (text forms stay legible)
DEFAULT_DPI = 200  # when an image does not say its resolution
SUPPORTED = "PDF, TIFF, JPEG, PNG"


@dataclass
class SourcePage:
    """One page read from a file or a scanner, before the pipeline."""

    image: Image.Image
    dpi: int
    source: str


def sniff(head: bytes) -> str | None:
    """ "pdf", "tiff", "jpeg", "png" from a file's first bytes; None if none of them."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _too_large(path: Path, width: int, height: int) -> ScanError:
    return ScanError(
        f"Tệp {path.name}: trang {width} × {height} điểm ảnh quá lớn "
        f"(tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh một trang)."
    )


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file; ScanError at once otherwise (a FIFO is opened
    without blocking and refused, a folder or a device refused)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise ScanError(
            f"Không đọc được tệp {path.name}: không tìm thấy tệp (đã bị xóa hoặc đổi tên?)."
        ) from exc
    except PermissionError as exc:
        if path.is_dir():
            raise ScanError(f"Không đọc được {path.name}: đây là thư mục, không phải tệp.") from exc
        raise ScanError(f"Không đọc được tệp {path.name}: không có quyền đọc tệp này.") from exc
    except IsADirectoryError as exc:
        raise ScanError(f"Không đọc được {path.name}: đây là thư mục, không phải tệp.") from exc
    except OSError as exc:
        raise ScanError(f"Không đọc được tệp {path.name}: lỗi ổ đĩa ({exc.errno}).") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "thư mục" if stat.S_ISDIR(mode) else "thiết bị hoặc đường ống, không phải tệp thường"
        raise ScanError(f"Không đọc {path.name}: đây là {what}.")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_pages(path: Path, pdf_dpi: int = PDF_DPI) -> Generator[SourcePage, None, None]:
    """The pages of ``path`` one by one (a feeder-sized PDF never sits in memory whole)."""
    f = open_regular(path)
    try:
        try:
            head = f.read(8)
        except OSError as exc:
            raise ScanError(f"Không đọc được tệp {path.name}: lỗi ổ đĩa ({exc.errno}).") from exc
        if not head:
            raise ScanError(f"Tệp {path.name} trống.")
        kind = sniff(head)
        if kind is None:
            raise ScanError(f"Tệp {path.name} không phải {SUPPORTED} — định dạng này chưa được hỗ trợ.")
        f.seek(0)
        if kind == "pdf":
            yield from _pdf_pages(path, f, pdf_dpi)
        else:
            yield from _image_pages(path, f)
    finally:
        f.close()


def too_many_pages(path: Path, count: int) -> ScanError:
    pages, cap = (f"{n:,}".replace(",", ".") for n in (count, MAX_FILE_PAGES))
    return ScanError(
        f"Tệp {path.name} có {pages} trang, quá giới hạn {cap} trang một tệp: không đọc; hãy tách tệp"
    )


def _image_pages(path: Path, f: BinaryIO) -> Generator[SourcePage, None, None]:
    try:
        image = Image.open(f)
    except Image.DecompressionBombError as exc:
        limit = MAX_PIXELS // 1_000_000
        raise ScanError(f"Tệp {path.name}: ảnh quá lớn (hơn {limit} triệu điểm ảnh một trang).") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ScanError(f"Tệp {path.name} bị hỏng hoặc không đọc được.") from exc
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_FILE_PAGES:
            raise too_many_pages(path, frames)
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if frame.width * frame.height > MAX_PIXELS:
                raise _too_large(path, frame.width, frame.height)
            try:
                page = ImageOps.exif_transpose(frame)  # photos: the camera's orientation; also loads
                page.load()
            except (OSError, SyntaxError, ValueError) as exc:
                raise ScanError(f"Tệp {path.name}: trang {number} bị hỏng hoặc không đọc được.") from exc
            dpi = frame.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
            yield SourcePage(page.copy(), round(float(dpi)), f"file:{path.name}#{number}")


def _pdf_pages(path: Path, f: BinaryIO, dpi: int) -> Generator[SourcePage, None, None]:
    import pypdfium2 as pdfium  # only when a PDF is imported

    try:
        pdf = pdfium.PdfDocument(f)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ScanError(f"Tệp {path.name} có mật khẩu: hãy bỏ mật khẩu rồi nhập lại.") from exc
        raise ScanError(f"Tệp {path.name} bị hỏng hoặc không phải PDF hợp lệ.") from exc
    try:
        if len(pdf) == 0:
            raise ScanError(f"Tệp {path.name} không có trang nào.")
        if len(pdf) > MAX_FILE_PAGES:
            raise too_many_pages(path, len(pdf))
        scale = dpi / 72
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                width, height = (round(v * scale) for v in page.get_size())
                if width * height > MAX_PIXELS:
                    raise _too_large(path, width, height)
                bitmap = page.render(scale=scale, grayscale=True, fill_color=(255, 255, 255, 255))
                image = bitmap.to_pil().copy()  # detached from PDFium's buffer, which is freed now
                bitmap.close()
            except pdfium.PdfiumError as exc:
                raise ScanError(f"Tệp {path.name}: trang {index + 1} không hiển thị được.") from exc
            finally:
                page.close()
            yield SourcePage(image, dpi, f"file:{path.name}#{index + 1}")
    finally:
        pdf.close()
