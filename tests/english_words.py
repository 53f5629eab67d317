"""Words only English has (Vietnamese written without its marks never spells them): what the tests that
look for English shown to a person match — the messages in the code (tests/unit/test_no_english.py) and
every visible text of every screen (tests/gui/fit_screens.py)."""

from __future__ import annotations

_WORDS = """the and not for with from this that are was were error failed cannot please file files folder open
    save cancel close settings printer page pages options look server connection refused timeout unknown
    invalid required none true false null missing found should must could would been has have does which
    when where while"""
ENGLISH = frozenset(_WORDS.split())
