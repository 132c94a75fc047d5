"""Step forms from unseen sites (steps16): Japanese steps written as an object and an action noun (体言止め, "…を作成："),
Chinese bullets whose first item opens with a place named with a place word ("在…中心內，點擊…"), and a
bulleted procedure cut into one-item lists by screenshots the writer commented out. Each sample is invented for the
test (a desk lamp and its app); next to each, the list of the same shape that must stay out.
"""
from __future__ import annotations

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


# -- Japanese: "…を作成：command" -------------------------------------------------------------------------------

JA_NOUN_STOPS = """---
title: ランプ設定のメモ
---
ランプの設定をスクリプトで管理するためのメモです。

## 設定フォルダの準備

1. 新しいフォルダを作成：`mkdir lamp-config`。
2. 設定ファイルを配置：`cp lamp.toml lamp-config/`。
"""

JA_NOUN_PARTS = """---
title: ランプ設定のメモ
---
ランプの設定ファイルは主に二つの部分から構成されています：

1. 明るさの設定。
2. タイマーの設定。
"""


def test_japanese_object_and_action_noun_items_are_steps():
    record = extract_text(JA_NOUN_STOPS, "ja-noun-stops.md")
    assert steps(record) == ["新しいフォルダを作成：mkdir lamp-config。", "設定ファイルを配置：cp lamp.toml lamp-config/。"]


def test_japanese_items_that_only_name_parts_stay_out():
    assert extract_text(JA_NOUN_PARTS, "ja-noun-parts.md").procedures == []


# -- Chinese: a place clause whose name holds a place word ("在…中心內，") before the verb ------------------------

ZH_PLACE_THEN_VERB = """## 夜間模式

*   在 Lamp 控制中心內，點擊燈光圖示
*   選擇**夜間模式**
*   點擊**保存**。
"""

ZH_PLACE_THEN_STATEMENT = """## 夜間模式

*   在 Lamp 控制中心內，燈光會變暗
*   選擇**夜間模式**
*   點擊**保存**。
"""


def test_chinese_item_opening_with_a_place_named_with_a_place_word_is_an_action():
    record = extract_text(ZH_PLACE_THEN_VERB, "zh-place.md")
    assert steps(record) == ["在 Lamp 控制中心內，點擊燈光圖示", "選擇夜間模式", "點擊保存。"]


def test_chinese_item_whose_place_clause_leads_to_a_statement_keeps_the_list_out():
    assert extract_text(ZH_PLACE_THEN_STATEMENT, "zh-statement.md").procedures == []


# -- bullets split by commented-out screenshots -----------------------------------------------------------------

DE_HIDDEN_SCREENSHOTS = """# Lampe zurücksetzen

## Setzen Sie die Lampe zurück
Setzen Sie die Lampe zurück, wenn sie nicht mehr reagiert

- Klicken Sie in der Lampen-App auf **Geräte verwalten**
<!--<img src="./img/reset-devices.png" alt="Geräte" width="400"/> -->

- Wählen Sie dann **Zurücksetzen**
<!-- <img src="./img/reset-confirm.png" alt="Bestätigen" width="400"/> -->
"""

DE_TABS = """# Lampe zurücksetzen

## Setzen Sie die Lampe zurück
Setzen Sie die Lampe zurück, wenn sie nicht mehr reagiert

- Klicken Sie unter Windows auf **Geräte verwalten**
<!-- tab: macOS -->

- Wählen Sie unter macOS **Zurücksetzen**
<!-- tab end -->
"""


def test_bullets_split_by_hidden_screenshots_are_one_procedure():
    record = extract_text(DE_HIDDEN_SCREENSHOTS, "de-hidden.md")
    assert steps(record) == ["Klicken Sie in der Lampen-App auf Geräte verwalten", "Wählen Sie dann Zurücksetzen"]


def test_bullets_split_by_comments_with_words_stay_apart():
    assert extract_text(DE_TABS, "de-tabs.md").procedures == []


# -- numbered headings written with no space after the marks ----------------------------------------------------

ZH_UNSPACED_HEADINGS = """---
title: "如何设置台灯应用"
---

##1. 下载台灯应用
首先从官网下载台灯应用。

##2. 连接台灯
然后打开应用，点击“添加设备”。

```bash
#1. 这一行是注释
lampctl pair
```

##3. 调整亮度
拖动滑块把亮度调到一半。
"""


def test_numbered_headings_with_no_space_after_the_marks_are_headings():
    record = extract_text(ZH_UNSPACED_HEADINGS, "zh-unspaced.md")
    assert steps(record) == ["下载台灯应用", "连接台灯", "调整亮度"]
    assert "#1. 这一行是注释" in record.content.markdown  # the shell comment in the code block is left as it is


def test_a_hash_and_a_rank_with_no_mark_after_it_stays_text():
    from extractor.readers.markdown import parse_markdown
    blocks = parse_markdown("#1 lamp of the year\n\n##2024 was bright\n")
    assert [block.kind for block in blocks] == ["paragraph", "paragraph"]


# -- bold numbered lines, each over a bulleted list of actions ------------------------------------------------

EN_BOLD_LABELS_OVER_ACTIONS = """# Lamp app

## When the app finds no lamp

Some lamps are not found by the app. Then set them up by hand.

**1. Find the pairing code**

On the lamp's box:

- Open the lid
- Copy the six-digit code on the sticker

**2. Enter the code**

- Open the lamp app
- Tap **Add lamp**
- Type the code and tap **Save**
"""

EN_BOLD_TIPS = """# Lamp app

## Five habits

**1. Keep the lamp clean**

A clean shade gives more light.

**2. Use warm light at night**

Warm light is easier on the eyes.
"""

EN_BOLD_LABELS_OVER_THINGS = """# Lamp app

## What is in the box

**1. The lamp**

- A base with three buttons
- A shade of frosted glass

**2. The cable**

- Two metres long
- A USB-C plug
"""

ZH_TW_BOLD_LABELS = """## 手動配對

**1\\. 獲取配對碼**

*   轉到燈座底部
*   複製六位數字

**2\\. 輸入配對碼**

*   打開燈光應用
*   點擊**新增燈具**
*   輸入配對碼並點擊**儲存**
"""


def test_bold_numbered_lines_over_lists_of_actions_are_steps_with_substeps():
    record = extract_text(EN_BOLD_LABELS_OVER_ACTIONS, "en-bold-labels.md")
    assert steps(record) == ["Find the pairing code", "Enter the code"]
    assert [sub.text for sub in record.procedures[0].steps[1].substeps] == ["Open the lamp app", "Tap Add lamp",
                                                                            "Type the code and tap Save"]


def test_bold_numbered_tips_over_advice_stay_out():
    assert extract_text(EN_BOLD_TIPS, "en-bold-tips.md").procedures == []


def test_bold_numbered_lines_over_lists_of_things_stay_out():
    assert extract_text(EN_BOLD_LABELS_OVER_THINGS, "en-bold-things.md").procedures == []


def test_traditional_chinese_bold_labels_over_actions_are_steps():
    record = extract_text(ZH_TW_BOLD_LABELS, "zh-tw-bold.md")
    assert steps(record) == ["獲取配對碼", "輸入配對碼"]
    assert [sub.text for sub in record.procedures[0].steps[0].substeps] == ["轉到燈座底部", "複製六位數字"]
