"""Text as literal PDF operators, for documents of a million cells (the register book).

reportlab's text objects measure and re-encode every string they draw; a table that repeats the same words
on every page can keep both. :class:`WordMetrics` breaks lines by words, each measured once with
reportlab's ``stringWidth``; :class:`SubsetEncoder` turns text into the ``Tj`` operators of a TrueType
font's subsets, each word encoded once, leaving the codes' assignment and the glyphs' embedding to
reportlab (``splitString``), so the document is still reportlab's own.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas


class WordMetrics:
    """Line breaking in one font and size, by words: a word's width is measured once
    (reportlab's ``stringWidth``) and kept — the book's cells are made of the same words again and again
    (place names, procedure names), so a cell costs a few dictionary lookups, not a measure per letter."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.words: dict[str, float] = {}
        self.space = stringWidth(" ", font, self.size)
        self.ellipsis = stringWidth("…", font, self.size)

    def width(self, word: str) -> float:
        found = self.words.get(word)
        if found is None:
            if len(self.words) > 200_000:
                self.words.clear()
            found = self.words[word] = stringWidth(word, self.font, self.size)
        return found

    def fit(self, text: str, width: float) -> tuple[str, ...]:
        """At most two lines of ``text`` within ``width``, broken at spaces; the rest cut with "…"."""
        lines: list[tuple[str, float]] = []
        measure, space = self.width, self.space
        for part in text.split("\n"):
            words = part.split()
            sizes = [measure(w) for w in words]
            total = sum(sizes) + space * (len(sizes) - 1)
            if total <= width:
                lines.append((" ".join(words), total))  # runs of spaces drawn as one, as measured
                continue
            line: list[str] = []
            used = 0.0
            for word, size in zip(words, sizes, strict=True):
                if line and used + space + size > width:
                    lines.append((" ".join(line), used))
                    line, used = [word], size
                else:
                    used += (space if line else 0.0) + size
                    line.append(word)
            lines.append((" ".join(line), used))
            if len(lines) > 2:
                break
        if len(lines) > 2:
            lines = [lines[0], (lines[1][0] + "…", lines[1][1] + self.ellipsis)]
        return tuple(line if used <= width else self.cut(line, width) for line, used in lines[:2])

    def wrap(self, text: str, width: float) -> tuple[str, ...]:
        """Every line of ``text`` within ``width``, broken at spaces (and at line breaks); a word wider
        than the column is broken between its letters. Nothing is cut."""
        lines: list[str] = []
        measure, space = self.width, self.space
        for part in text.split("\n"):
            line: list[str] = []
            used = 0.0
            for word in part.split():
                size = measure(word)
                pieces = [(word, size)] if size <= width else self._pieces(word, width)
                for piece, size in pieces:
                    if line and used + space + size > width:
                        lines.append(" ".join(line))
                        line, used = [piece], size
                    else:
                        used += (space if line else 0.0) + size
                        line.append(piece)
            if line:
                lines.append(" ".join(line))
        return tuple(lines)

    def _pieces(self, word: str, width: float) -> list[tuple[str, float]]:
        """``word`` in pieces that each fit ``width`` (at least one letter a piece)."""
        pieces: list[tuple[str, float]] = []
        start, used = 0, 0.0
        for i, letter in enumerate(word):
            size = stringWidth(letter, self.font, self.size)
            if i > start and used + size > width:
                pieces.append((word[start:i], used))
                start, used = i, 0.0
            used += size
        pieces.append((word[start:], used))
        return pieces

    def cut(self, line: str, width: float) -> str:
        """``line`` shortened with "…" until it fits (one word wider than its column)."""
        if stringWidth(line, self.font, self.size) <= width:
            return line
        line = line.rstrip("…")
        widths = accumulate(stringWidth(c, self.font, self.size) for c in line)
        return line[: bisect_right(list(widths), width - self.ellipsis)] + "…"


class SubsetEncoder:
    """Text as the operators that show it in one TrueType font and size.

    reportlab's text objects re-split every string into the font's subsets; a document of a million
    cells (the register book) is written as literal operators instead. A word is encoded once and
    kept: characters of the font's first subset by one table (ASCII is itself there); a word with other
    characters goes through reportlab's own ``splitString``, which assigns the codes and embeds the
    glyphs as usual — a line holding a word beyond the first subset switches subsets as reportlab does."""

    def __init__(self, canvas: Canvas, font: str, size: float) -> None:
        self.font = getFont(font)
        self.doc = canvas._doc  # the document the font's subsets belong to
        self.size = f"{size:g}"
        self.table: dict[int, str] = {c: "" for c in (*range(32), 127)}  # control characters: dropped
        self.words: dict[str, str | None] = {}
        self.select = self._assign(" ")  # the first subset's Tf, after the first splitString

    def _assign(self, text: str) -> str:
        """Run reportlab's splitString (assigning codes), learn the first subset's codes; the operators."""
        parts = self.font.splitString(text, self.doc)
        for code, n in self.font.state[self.doc].assignments.items():
            if n < 256 and code not in self.table:
                self.table[code] = escapePDF(bytes((n,)))
        ops = [f"{self.font.getSubsetInternalName(subset, self.doc)} {self.size} Tf ({escapePDF(b)}) Tj"
               for subset, b in parts]  # fmt: skip
        return " ".join(ops)

    def _word(self, word: str) -> str | None:
        """A word in the first subset's codes, escaped; None when it needs another subset."""
        encoded = word.translate(self.table)
        if not encoded.isascii():
            self._assign(word)
            encoded = word.translate(self.table)
        if len(self.words) > 200_000:
            self.words.clear()
        found = self.words[word] = encoded if encoded.isascii() else None
        return found

    def show(self, text: str) -> str:
        """The operators showing ``text`` (the first subset's font selected before and after)."""
        parts = []
        for word in text.split(" "):
            encoded = self.words.get(word)
            if encoded is None:
                encoded = self._word(word)
                if encoded is None:
                    return f"{self._assign(text)} {self.select}"
            parts.append(encoded)
        return f"({' '.join(parts)}) Tj"
