"""Step text is tidy for apps; the Markdown keeps the source; numbers in link text are not steps (issue 13)."""
from __future__ import annotations

import pytest

from extractor import extract_text
from extractor.stages.tidy import tidy_step_text

TIDY = [
    ("Open Device Manager .", "Open Device Manager."),
    ("Press Ctrl , Shift and Esc ; wait : done", "Press Ctrl, Shift and Esc; wait: done"),
    ("Right-click_an empty area_ of the desktop.", "Right-click an empty area of the desktop."),
    ("If there are_no_ updates, go on.", "If there are no updates, go on."),
    ("you may need to _ roll back the driver _ first.", "you may need to roll back the driver first."),
    ("_Reboot when asked.", "Reboot when asked."),
    ("( optional ) Click **Save** .", "(optional) Click Save."),
    # left alone
    ("Delete *.tmp from my_temp_dir and compute 2 * 3.", "Delete *.tmp from my_temp_dir and compute 2 * 3."),
    ("Type .exe after the name, then ipconfig /all.", "Type .exe after the name, then ipconfig /all."),
]


@pytest.mark.parametrize("raw, tidy", TIDY)
def test_tidy(raw, tidy):
    assert tidy_step_text(raw) == tidy


def test_text_is_tidy_and_markdown_is_as_written():
    record = extract_text("# Fix\n\n1. Open **Device Manager** .\n2. Right-click_an empty area_ and pick **Refresh** .\n")
    steps = record.procedures[0].steps
    assert [s.text for s in steps] == ["Open Device Manager.", "Right-click an empty area and pick Refresh."]
    assert steps[0].markdown == "1. Open **Device Manager** ."


def test_numbers_in_link_text_do_not_split_a_step():
    record = extract_text("# Printer\n\n## Method 1\n\n1) Open **Devices**.\n\n2) Find the printer.\n\n## Method 2\n\n"
                          "1) Follow [step 1) & 2) in Method 1](#m1) to find the printer.\n\n2) Right-click it.\n")
    assert [s.text for s in record.procedures[1].steps] == [
        "Follow step 1) & 2) in Method 1 to find the printer.", "Right-click it."]


def test_markdown_has_every_paragraph_the_text_has():
    record = extract_text("# Fix\n\n1. Click **Scan**.\n2. Click **Start Repair** to begin.\n\n![](a.png)\n\n"
                          "When the repair is done, restart the PC.\n\n## Next\n\nMore text.\n")
    last = record.procedures[0].steps[-1]
    assert last.text == "Click Start Repair to begin. When the repair is done, restart the PC."
    assert last.markdown.startswith("2. Click **Start Repair** to begin.")
    assert last.markdown.endswith("When the repair is done, restart the PC.")
