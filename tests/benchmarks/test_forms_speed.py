"""The other forms (Mẫu 02–04, the control slip, CT04–CT06, the handover record) against a bare reportlab
page of the same size carrying one line of text: each form's median render time and its ratio.

Moved here from the integration tests (a timed assertion there depended on the machine's speed). The
bound (well under 100 ms a form) is checked only on a full benchmark run (``make bench``)."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import A4, A5
from reportlab.pdfgen.canvas import Canvas

from desk_app.documents.fonts import register_fonts
from desk_app.locator import resource
from tests.benchmarks.conftest import STRICT, compare, report
from tests.integration.test_forms_pdf import FORM_CASES


@pytest.mark.parametrize("name", list(FORM_CASES))
def test_form_renders_against_a_bare_page(name: str) -> None:
    render, code, a4, _wording = FORM_CASES[name]
    fonts = register_fonts(resource("fonts"))

    def bare() -> None:
        c = Canvas(io.BytesIO(), pagesize=A4 if a4 else A5)
        c.setFont(fonts.regular, 10)
        c.drawString(40, 400, f"Mã hồ sơ: {code}")
        c.showPage()
        c.save()

    def ours() -> None:
        render(io.BytesIO())

    out = io.BytesIO()
    render(out)
    assert out.getvalue().startswith(b"%PDF") and b"/Type /Page" in out.getvalue()
    t_bare, t_ours = compare(bare, ours, repeat=10)
    report(f"form_{name}", median_ms=round(t_ours * 1000, 1), bare_page_ms=round(t_bare * 1000, 2),
           ratio=round(t_ours / t_bare, 1), bound="< 100 ms")  # fmt: skip
    if STRICT:
        assert t_ours < 0.100, name
