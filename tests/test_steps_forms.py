"""Step forms of blogs nobody here has read: Chinese and Japanese step numbers written with a space or a
full-width comma, Japanese steps that end in a noun, labels repeated by a typo, list items that go on after
their code, and the lists that look like steps but are not (notes, definitions).

Every sample is invented for the test (a lamp, a kettle): one behaviour per test.
"""
from __future__ import annotations

import pytest

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


ZH_INTRO = "这是一个简单的指南，告诉你如何让台灯保持干净，并且让灯光一直明亮好看，适合所有家庭使用。"
JA_INTRO = "ランプをきれいに保つための簡単なガイドです。毎月この作業を行うと、明るさが長く続きます。"


# -- step numbers of Chinese and Japanese writers ---------------------------------------------------

def test_a_space_after_the_chinese_number_mark_still_numbers_the_step():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n1、拔下电源插头。\n\n 2、 用干布擦拭灯罩。\n\n3、 重新插上插头。\n")
    assert steps(record) == ["拔下电源插头。", "用干布擦拭灯罩。", "重新插上插头。"]


def test_steps_numbered_with_a_full_width_comma():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n在“灯光”界面中\n\n1，双击打开“亮度”，选择“最低”，确定\n\n"
                          "2，双击打开“定时”，选择“启用”，然后把时间改为5分钟，确定\n")
    assert steps(record) == ["双击打开“亮度”，选择“最低”，确定", "双击打开“定时”，选择“启用”，然后把时间改为5分钟，确定"]


def test_numbers_separated_by_full_width_commas_are_no_step():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n1，2，3号灯都亮了。\n\n4，5号灯还是暗的。\n")
    assert record.procedures == []

