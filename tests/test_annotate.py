"""Shortcuts are whole chords; UI elements are controls, not prose (issue 13). Samples of our own."""
from __future__ import annotations

import pytest

from extractor.stages.annotate import shortcuts_in, ui_elements_in

SHORTCUTS = [
    ("Press Ctrl, Shift and Esc together.", ["Ctrl+Shift+Esc"]),
    ("Press Ctrl , Shift, and Esc at once.", ["Ctrl+Shift+Esc"]),
    ("Press Ctrl+Alt+Up Arrow to rotate.", ["Ctrl+Alt+Up"]),
    ("Press Ctrl + Alt + Left arrow key.", ["Ctrl+Alt+Left"]),
    ("Hit Alt + Page Down.", ["Alt+PgDn"]),
    ("Press Ctrl +Alt +Arrow key to turn it.", ["Ctrl+Alt+Arrow"]),
    ("Press the Windows logo key and R at the same time.", ["Win+R"]),
    # not chords
    ("Hold Shift and right-click the folder.", []),
    ("It works on Windows 7 and Windows 10.", []),
    ("Press Win + R and Enter.", []),
]

UI_ELEMENTS = [
    ("Let the tool finish, then click Apply.", ["Let", "the"], ["Apply"]),
    ("Your PC restarts; click Done.", ["Your", "Done"], ["Done"]),
    ("Make sure the cables and power lead are firm.", ["cables", "power"], []),
    ("Right-click the empty area and choose Display settings.", ["the empty area", "Display settings"],
     ["Display settings"]),
    ("Type ipconfig /flushdns and press Enter.", ["ipconfig /flushdns"], ["ipconfig /flushdns"]),
    ("Type regedit and click OK.", ["regedit", "OK"], ["regedit", "OK"]),
    ("Still stuck? Move on to Fix 3.", ["Fix 3"], []),
    ("Click the Save button.", ["the Save button"], ["Save button"]),
    ("Press the Windows logo key.", ["the Windows logo key"], []),
]


@pytest.mark.parametrize("text, expected", SHORTCUTS)
def test_shortcuts(text, expected):
    assert shortcuts_in(text) == expected


@pytest.mark.parametrize("text, labels, expected", UI_ELEMENTS)
def test_ui_elements(text, labels, expected):
    assert ui_elements_in(text, labels) == expected
