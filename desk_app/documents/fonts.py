"""The fonts of the printed forms: Liberation Serif 2.x (metric-compatible with Times New Roman).

reportlab's built-in Type 1 fonts have no Vietnamese letters, so the forms embed the TrueType faces shipped
in ``resources/fonts``. :func:`register_fonts` registers them once per process under our own internal names
(family ``DeskSerif``) so they never clash with another font of the same face name in one PDF.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: The four faces shipped in ``resources/fonts`` (file names of Liberation Serif 2.x).
FACE_FILES: dict[str, str] = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}

FAMILY = "DeskSerif"

_lock = threading.Lock()
_registered: dict[Path, FontSet] = {}


@dataclass(frozen=True)
class FontSet:
    """reportlab names of the registered faces of one family."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


def _free_family_name() -> str:
    """``DeskSerif``, or ``DeskSerif2``, ``DeskSerif3``… if that name is taken (another fonts_dir)."""
    taken = set(pdfmetrics.getRegisteredFontNames())
    n = 1
    while True:
        name = FAMILY if n == 1 else f"{FAMILY}{n}"
        if name not in taken:
            return name
        n += 1


def register_fonts(fonts_dir: Path) -> FontSet:
    """Register the serif faces found in ``fonts_dir`` with reportlab (once per process) and name them.

    Raises FileNotFoundError naming the missing file when a face is not in ``fonts_dir``.
    """
    key = Path(fonts_dir).resolve()
    with _lock:
        found = _registered.get(key)
        if found is not None:
            return found
        paths = {face: key / file for face, file in FACE_FILES.items()}
        for path in paths.values():
            if not path.is_file():
                raise FileNotFoundError(f"font file not found: {path}")
        family = _free_family_name()
        fonts = FontSet(
            family=family,
            regular=family,
            bold=f"{family}-Bold",
            italic=f"{family}-Italic",
            bold_italic=f"{family}-BoldItalic",
        )
        names = {
            "regular": fonts.regular,
            "bold": fonts.bold,
            "italic": fonts.italic,
            "bold_italic": fonts.bold_italic,
        }
        for face, path in paths.items():
            pdfmetrics.registerFont(TTFont(names[face], str(path)))
        # Maps <b>/<i> in paragraphs of this family to the right faces.
        pdfmetrics.registerFontFamily(
            family, normal=fonts.regular, bold=fonts.bold, italic=fonts.italic, boldItalic=fonts.bold_italic
        )
        _registered[key] = fonts
        return fonts
