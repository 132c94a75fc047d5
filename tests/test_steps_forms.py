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


# -- Japanese memo-style steps ------------------------------------------------------------------------

def test_japanese_noun_phrases_without_an_object_are_no_steps():
    record = extract_text(f"---\ntitle: ランプ\n---\n\n{JA_INTRO}\n\n## 機能\n\n- 写真\n1. ランプの設定\n2. 明るさの変更\n3. 色の一覧\n")
    assert record.procedures == []


# -- "Step N" labels --------------------------------------------------------------------------------

def test_a_step_heading_whose_number_repeats_by_a_typo_is_the_next_step():
    record = extract_text("# Fix the lamp\n\n## Step 1 - Unplug the lamp\n\nPull the plug.\n\n## Step 2 - Open the base\n\n"
                          "Undo the screws.\n\n## Step 2 - Replace the fuse\n\nPut in a new fuse.\n")
    assert steps(record) == ["Unplug the lamp", "Open the base", "Replace the fuse"]


def test_chinese_step_labels_whose_number_repeats_go_on():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n## 第1步：拔下插头\n\n先把插头拔下来。\n\n## 第2步：打开底座\n\n拧下螺丝。\n\n"
                          "## 第2步：更换保险丝\n\n放入新的保险丝。\n")
    assert steps(record) == ["拔下插头", "打开底座", "更换保险丝"]


def test_step_one_again_starts_another_procedure():
    record = extract_text("# Fix the lamp\n\n**Step 1:** Unplug the lamp.\n\n**Step 2:** Open the base.\n\n"
                          "To fix the second lamp:\n\n**Step 1:** Unplug it.\n\n**Step 2:** Open it.\n")
    assert [steps(record, 0), steps(record, 1)] == [["Unplug the lamp.", "Open the base."], ["Unplug it.", "Open it."]]


# -- list items that go on after their code --------------------------------------------------------

@pytest.mark.parametrize("body, second", [
    ("1. Install the lamp tool:\n\n    ```\n    pip install lamp\n    ```\n\n    Or build it from source:\n\n    ```\n    make lamp\n    ```\n\n"
     "2. Start the lamp.\n", "Install the lamp tool: Or build it from source:"),
    ("1. 安装台灯工具：\n\n    ```\n    pip install lamp\n    ```\n\n    或者从源码编译：\n\n    ```\n    make lamp\n    ```\n\n"
     "2. 打开台灯。\n", "安装台灯工具： 或者从源码编译："),
    ("1. ランプのツールを入れます：\n\n    ```\n    pip install lamp\n    ```\n\n    または、ソースからビルドします：\n\n    ```\n"
     "    make lamp\n    ```\n\n2. ランプを点けます。\n", "ランプのツールを入れます： または、ソースからビルドします："),
])
def test_a_list_item_goes_on_after_its_code_with_another_way(body, second):
    record = extract_text(f"# Lamp\n\n## Set up the lamp\n\n{body}")
    assert steps(record)[0] == second


def test_what_the_code_gives_is_not_the_steps_text():
    record = extract_text("# Lamp\n\n## Set up the lamp\n\n1. Build the base image:\n\n    ```\n    make image\n    ```\n\n"
                          "    This gives you the base image with the lamp drivers.\n\n2. Flash the image.\n")
    assert steps(record) == ["Build the base image:", "Flash the image."]


# -- lists that look like steps but are not --------------------------------------------------------

@pytest.mark.parametrize("label, notes", [
    ("**Note:**", ["(1) Keep the lamp away from water.", "(2) Use the supplied bulb only.", "(3) Unplug it before you clean it."]),
    ("**注意：**", ["(1) 按照上述说明，台灯装在桌面上；", "(2) 如果希望使用暖光，可以在开灯之前切换；", "(3) 请勿用湿布擦拭灯罩。"]),
    ("**注意：**", ["(1) ランプを水に近づけないでください。", "(2) 付属の電球だけを使います。", "(3) 掃除の前にプラグを抜きます。"]),
])
def test_numbered_paragraphs_under_a_note_label_are_notes(label, notes):
    body = "\n\n".join(notes)
    record = extract_text(f"# Lamp\n\n## Set up the lamp\n\n1. Unpack the lamp.\n2. Plug it in.\n\n{label}\n\n{body}\n")
    assert [steps(r) for r in [record]] == [["Unpack the lamp.", "Plug it in."]] and len(record.procedures) == 1


# -- bulleted steps under a lead-in --------------------------------------------------------------------

@pytest.mark.parametrize("lead_in", ["Follow the next steps to set up the lamp", "Follow these steps to set up the lamp"])
def test_a_lead_in_that_says_to_follow_steps_needs_no_colon(lead_in):
    record = extract_text(f"# Lamp\n\n{lead_in}\n\n- Install the lamp app\n- Open the lamp app\n- Click Save.\n")
    assert steps(record) == ["Install the lamp app", "Open the lamp app", "Click Save."]


def test_a_sentence_that_only_mentions_steps_introduces_no_bullets():
    record = extract_text("# Lamp\n\nThe steps are easy and the lamp has a few parts worth knowing.\n\n"
                          "- Install the lamp app\n- Open the lamp app\n- Click Save.\n")
    assert record.procedures == []


def test_bulleted_steps_go_on_after_a_steps_code_block():
    record = extract_text("# Lamp\n\nFollow these steps to set up the lamp:\n\n- Install the lamp app\n- Install the lamp driver\n\n"
                          "```\nlamp --driver\n```\n\n- Open the lamp app\n\n```\nlamp --on\n```\n\n- Click Save.\n")
    assert steps(record) == ["Install the lamp app", "Install the lamp driver", "Open the lamp app", "Click Save."]
    assert record.procedures[0].steps[1].code and record.procedures[0].steps[2].code


# -- notes set in a step as components -------------------------------------------------------------

@pytest.mark.parametrize("note", ['<alert type="warning">手順2の前に電源を切ってください。</alert>',
                                  "<Note>手順2の前に電源を切ってください。</Note>"])
def test_a_note_component_under_a_steps_text_is_its_note(note):
    record = extract_text(f"---\ntitle: ランプ\n---\n\n{JA_INTRO}\n\n## ランプを外す\n\n1. 電源を切ります。\n2. カバーを外します。\n"
                          f"    {note}\n   <img src=\"/a.png\" />\n3. 電球を交換します。\n")
    assert steps(record) == ["電源を切ります。", "カバーを外します。", "電球を交換します。"]
    assert record.procedures[0].steps[1].notes == ["手順2の前に電源を切ってください。"]


def test_an_element_that_is_no_note_stays_text():
    record = extract_text("# Lamp\n\n## Set up the lamp\n\n1. Open the lamp app.\n2. Press <kbd>Ctrl</kbd>.\n"
                          "    <span>Then press Save.</span>\n3. Close the app.\n")
    assert steps(record)[1] == "Press Ctrl. Then press Save."


@pytest.mark.parametrize("body", [
    "The lamp tool has these commands:\n\n1. Install: copies the lamp files into place.\n2. Update: fetches the newest lamp firmware.\n"
    "3. Remove: deletes the lamp files.\n",
    "1. **install** – copies the lamp files into place.\n2. **update** – fetches the newest lamp firmware.\n"
    "3. **remove** – deletes the lamp files.\n",
])
def test_a_numbered_list_of_terms_and_what_they_do_is_no_procedure(body):
    record = extract_text(f"# Lamp commands\n\n{body}")
    assert record.procedures == []


def test_labelled_steps_that_say_what_to_do_stay_steps():
    record = extract_text("# Lamp\n\n## Set up the lamp\n\n1. **Practise:** Keep your best lamp settings in a note.\n"
                          "2. **Save:** Click Save in the lamp app.\n3. **Check:** Open the log.\n")
    assert steps(record) == ["Practise: Keep your best lamp settings in a note.", "Save: Click Save in the lamp app.",
                             "Check: Open the log."]


# -- numbers in running text -----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (f"{ZH_INTRO}\n\n修理方法：1、拔下插头；2、打开底座；3、更换保险丝。\n", ["拔下插头；", "打开底座；", "更换保险丝。"]),
    (f"{JA_INTRO}\n\n手順は簡単です。①プラグを抜きます。②カバーを外します。③電球を交換します。\n",
     ["プラグを抜きます。", "カバーを外します。", "電球を交換します。"]),
])
def test_cjk_step_numbers_in_running_text_split_the_paragraph(text, expected):
    record = extract_text(f"# 台灯\n\n{text}")
    assert steps(record) == expected


def test_numbers_listed_in_running_text_are_no_steps():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n本店支持1、2、3号灯，第1、第2项免费。\n")
    assert record.procedures == []
