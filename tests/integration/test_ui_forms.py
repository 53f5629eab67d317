"""The Designer forms in ui/: rules the loader relies on, checked on the XML (no Qt needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
INPUTS = {"QLineEdit", "QComboBox", "QDateEdit", "QDateTimeEdit", "QSpinBox", "QCheckBox", "QRadioButton",
          "QPlainTextEdit", "QTextEdit", "QDoubleSpinBox"}  # fmt: skip


def _form_rows(path: Path):
    """(label element, field item element) for each QFormLayout row of ``path`` with a label."""
    for layout in ET.parse(path).getroot().iter("layout"):
        if layout.get("class") != "QFormLayout":
            continue
        items = {(i.get("row"), i.get("column")): i for i in layout.findall("item")}
        for (row, column), item in items.items():
            label = item.find("widget")
            field = items.get((row, "1"))
            if column == "0" and label is not None and label.get("class") == "QLabel" and field is not None:
                yield label, field


@pytest.mark.parametrize("path", sorted(UI.glob("*.ui")), ids=lambda p: p.name)
def test_every_form_label_of_an_input_names_its_input_as_buddy(path):
    """pin_form_labels finds a row's input through the label's buddy (also what Alt+letter focuses)."""
    checked = 0
    for label, field in _form_rows(path):
        inputs = [w.get("name") for w in field.iter("widget") if w.get("class") in INPUTS]
        if not inputs:
            continue
        buddy = label.find("property[@name='buddy']/cstring")
        assert buddy is not None, f"{path.name}: label {label.get('name')} has no buddy (input {inputs[0]})"
        assert buddy.text in inputs, (
            f"{path.name}: {label.get('name')}'s buddy {buddy.text} is not in its row"
        )
        checked += 1
    if path.name in ("applicant.ui", "mailin.ui", "action.ui", "setup.ui"):
        assert checked >= 3  # the forms known to have input rows were really read
