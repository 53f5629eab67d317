"""Issue 18, part 3: no English reaches the officer. Every message the desk raises for a person
(``DeskError`` and its kinds) and every text of the screens (``_t``) is Vietnamese; the sync client's
failure texts (for IT, in the log) each have their Vietnamese for the status bar and the outbox."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desk_app.sync.policy import officer_text
from tests.english_words import ENGLISH

ROOT = Path(__file__).resolve().parents[2]
FOR_PEOPLE = {
    "DeskError", "FieldError", "NotFound", "ValidationFailed", "AccessDenied", "TransitionRefused",
    "PrinterUnavailable", "StationNotInitialised", "SequenceExhausted", "DuplicateIntake", "_t",
}  # fmt: skip
FOR_IT = {"Offline", "Rejected", "NotYet"}  # the sync client's failures: logged; officer_text words them
CODE = re.compile(r"--[\w-]+|\b\w+[_.]\w+\b|\[\w+\]|\"[^\"]*\"|'[^']*'|https?://\S+|\$\w+")


def _literals(kinds: set[str]) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted((ROOT / "desk_app").rglob("*.py")):
        if "central" in path.parts:  # the central server's API answers machines, in English by design
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in kinds:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.append((str(path.relative_to(ROOT)), node.lineno, arg.value))
            elif isinstance(arg, ast.JoinedStr):  # an f-string: its words, "…" for what is filled in
                text = "".join(v.value if isinstance(v, ast.Constant) else "…" for v in arg.values)
                found.append((str(path.relative_to(ROOT)), node.lineno, str(text)))
    return found


def test_every_message_for_a_person_is_vietnamese() -> None:
    english = []
    for where, line, text in _literals(FOR_PEOPLE):
        words = set(re.findall(r"[a-z]+", CODE.sub(" ", text).lower()))
        if words & ENGLISH:
            english.append(f"{where}:{line}: {text[:80]}")
    assert not english, "\n".join(english)


@pytest.mark.parametrize("text", sorted({t for _w, _l, t in _literals(FOR_IT) if re.search("[a-z]{4}", t)}))
def test_every_sync_failure_text_has_the_officers_words(text: str) -> None:
    words = officer_text(text)
    assert words and not set(re.findall(r"[a-z]+", CODE.sub(" ", words).lower())) & ENGLISH, (text, words)
    generic = "Không gửi được lên máy chủ trung tâm (chi tiết"
    assert not words.startswith(generic), f"generic words for {text!r}"
