"""Step forms from unseen sites (steps14): numbered headings whose labels name no task ("### 1. ダウンロード",
"#### 3) Clean") over sections that hold the actions, under a how-to or a platform heading; and the tips lists of
the same shapes that stay out. Every sample is invented for the test (a desk lamp and its app): one behaviour per test.
"""
from __future__ import annotations

import pytest

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


def titled(record):
    return [(p.title, [s.text for s in p.steps]) for p in record.procedures]


# -- numbered label headings whose sections hold the actions -------------------------------------------

JA_PLATFORMS = """---
title: "ランプアプリのインストール方法｜Windows/Mac対応【2026年版】"
---
ランプアプリはパソコンからデスクライトを操作するためのアプリです。数分で準備が終わります。

## Windowsの場合

### 1. ダウンロード

公式サイトを開いて「ダウンロード」ボタンをクリックしてください。

### 2. インストール

ダウンロードしたファイルをダブルクリックして、画面の指示に従います。

### 3. 確認

コマンドプロンプトで次を実行します。

```bash
lampctl --version
```

## Macの場合

### 1. ダウンロード＆インストール

`.pkg` ファイルを開いて「続ける」を押します。

### 2. 確認

```bash
lampctl --version
```

## まとめ

これでランプアプリを使う準備ができました。
"""


def test_numbered_noun_labels_under_each_platform_are_its_steps_in_japanese():
    assert titled(extract_text(JA_PLATFORMS)) == [
        ("Windowsの場合", ["ダウンロード", "インストール", "確認"]),
        ("Macの場合", ["ダウンロード＆インストール", "確認"])]


def test_numbered_noun_labels_over_plain_remarks_are_no_steps():
    # the same labels over sections that only describe (no instruction, no code): a list of topics
    record = extract_text(
        "---\ntitle: ランプアプリのインストール方法\n---\nランプアプリはパソコンからデスクライトを操作するためのアプリです。\n\n"
        "## Windowsの場合\n\n### 1. ダウンロード\n\nファイルは約二十メガバイトです。\n\n"
        "### 2. インストール\n\n数分で終わることが多いです。\n\n### 3. 確認\n\nバージョンは画面の下に表示されます。\n")
    assert record.procedures == []


EN_INSTALL = """## Lamp Server Install

#### 1) Download executable
```bash
wget -O /tmp/lampd.tar.gz https://example.org/lampd.tar.gz
```
#### 2) Extract
```bash
tar -xzf /tmp/lampd.tar.gz -C /opt
```
#### 3) Clean
```bash
rm /tmp/lampd.tar.gz
```
#### 4) [Optional] Start at boot
```bash
rc-update add lampd
```
"""


def test_numbered_labels_over_code_under_an_install_heading_are_its_steps():
    assert titled(extract_text(EN_INSTALL)) == [
        ("Lamp Server Install", ["Download executable", "Extract", "Clean", "[Optional] Start at boot"])]


def test_numbered_labels_over_code_under_a_topic_heading_are_no_steps():
    record = extract_text(EN_INSTALL.replace("## Lamp Server Install", "## Lamp Server Notes"))
    assert record.procedures == []


def test_numbered_feature_headings_under_a_how_to_title_stay_out_in_chinese():
    # 功能 entries, each over a remark: a feature list under a how-to title is not its steps
    record = extract_text(
        "---\ntitle: 如何使用台灯应用\n---\n\n这是一篇介绍台灯应用的简短文章，适合第一次使用的读者。\n\n"
        "## 1. 亮度\n\n台灯有五档亮度，晚上看书很合适。\n\n## 2. 色温\n\n暖光和冷光都有，白天晚上都能用。\n\n"
        "## 3. 定时\n\n定时功能可以在睡前自动关灯。\n")
    assert record.procedures == []


def test_numbered_noun_labels_with_commands_under_a_chinese_how_to():
    record = extract_text(
        "---\ntitle: 如何安装台灯服务\n---\n\n这篇文章介绍在服务器上安装台灯服务的过程，大约需要十分钟。\n\n"
        "## 1. 下载\n\n```bash\nwget https://example.org/lampd.tar.gz\n```\n\n"
        "## 2. 解压\n\n```bash\ntar -xzf lampd.tar.gz\n```\n\n## 3. 验证\n\n运行下面的命令，看到版本号即可。\n\n"
        "```bash\nlampd --version\n```\n")
    assert steps(record) == ["下载", "解压", "验证"]


# -- a lead-in that places the actions after what was done -------------------------------------------------

ZH_INTRO = "这是一个简单的指南，告诉你如何让台灯保持干净，并且让灯光一直明亮好看，适合所有家庭使用。"

ZH_SEQUEL = f"""# 台灯应用

{ZH_INTRO}

* 台灯(必选)：带蓝牙的型号
* 手机(必选)：安卓或苹果手机

在完成以上准备工作后：

* 打开台灯应用并登录账号，我们将在登录后添加台灯。

![登录](1.png)

* 点击添加设备，并在列表中选择台灯。
* 点击“配对”完成连接。

![配对](2.png)

* 在设置页面中找到定时选项，然后填写关灯时间。

好了，现在台灯会按时关灯。
"""


def test_bullets_after_a_lead_in_that_follows_the_preparation_are_steps_in_chinese():
    assert steps(extract_text(ZH_SEQUEL)) == [
        "打开台灯应用并登录账号，我们将在登录后添加台灯。", "点击添加设备，并在列表中选择台灯。", "点击“配对”完成连接。",
        "在设置页面中找到定时选项，然后填写关灯时间。"]


def test_tips_after_a_lead_in_that_follows_the_preparation_stay_out_in_chinese():
    record = extract_text(ZH_SEQUEL.replace(
        "* 打开台灯应用并登录账号，我们将在登录后添加台灯。", "* 台灯会自动记住上次的亮度。").replace(
        "* 点击添加设备，并在列表中选择台灯。\n* 点击“配对”完成连接。", "* 蓝牙的距离大约是十米。\n* 台灯可以同时连接两部手机。").replace(
        "* 在设置页面中找到定时选项，然后填写关灯时间。", "* 夜间模式的光线更柔和。"))
    assert record.procedures == []


def test_bullets_after_once_that_is_done_are_steps_in_english():
    record = extract_text(
        "# Lamp app\n\nThe lamp pairs with the companion app over Bluetooth. Pairing takes about a minute or two.\n\n"
        "Charge the lamp first and install the app on your phone.\n\nOnce that is done:\n\n"
        "- Open the app and sign in.\n- Tap Add device and pick the desk lamp.\n- Tap Pair and wait for the green check.\n")
    assert steps(record) == ["Open the app and sign in.", "Tap Add device and pick the desk lamp.",
                             "Tap Pair and wait for the green check."]


def test_a_chinese_place_clause_before_the_verb_reads_as_an_instruction():
    from extractor.data import step_rules
    from extractor.stages.units import is_instruction
    rules = step_rules()
    assert is_instruction("在Assets/Lamp目录下找到台灯预制体，然后填写名称。", rules)
    assert not is_instruction("在这个版本中台灯多了夜间模式。", rules)


# -- bullets written two spaces under a numbered item that leads into them ----------------------------------

ZH_UNDER = f"""# 台灯应用

{ZH_INTRO}

1. 登录台灯应用，选择左侧的**设备**。
2. 在“设备”页面，选择**定时**页签。
3. 您可根据需要，修改或删除已配置的定时：
  - **修改定时**：选择定时所在行右侧的**编辑**，并按需修改。
  - **删除定时**：单击定时所在行右侧的**删除**即可。
"""


def test_bullets_two_spaces_under_a_numbered_lead_in_item_are_its_substeps():
    record = extract_text(ZH_UNDER)
    assert len(record.procedures) == 1
    last = record.procedures[0].steps[-1]
    assert [s.text for s in last.substeps] == ["修改定时：选择定时所在行右侧的编辑，并按需修改。", "删除定时：单击定时所在行右侧的删除即可。"]


FR_INTRO = "Un petit guide pour garder votre lampe propre, pour que la lumière reste belle dans la pièce."


@pytest.mark.parametrize("intro, first, bullets, rest", [
    (ZH_INTRO, "アプリを開き、次の項目を設定します。", ["明るさを「80」にする", "色を「暖色」にする"], ["「保存」をクリックします。", "アプリを閉じます。"]),
    (ZH_INTRO, "打开台灯应用，按下面设置。", ["亮度设为80", "颜色设为暖色"], ["点击“保存”。", "关闭应用。"]),
    (FR_INTRO, "Ouvrez l'application et réglez la lampe.", ["Luminosité à 80", "Couleur chaude"], ["Cliquez sur Enregistrer.", "Fermez l'application."]),
])
def test_bullets_flush_left_between_numbered_items_are_the_first_ones_substeps(intro, first, bullets, rest):
    # the item ends a sentence, not a colon: the numbers going on at 2 after the bullets say whose they are
    items = "".join(f"- {b}\n" for b in bullets)
    numbered = "".join(f"{n}. {text}\n\n" for n, text in enumerate(rest, 2))
    record = extract_text(f"# Lamp\n\n{intro}\n\n1. {first}\n{items}\n{numbered}")
    assert [(s.text, [sub.text for sub in s.substeps]) for p in record.procedures for s in p.steps] == \
        [(first, bullets)] + [(text, []) for text in rest]


def test_bullets_flush_left_after_a_numbered_list_that_ends_stay_out_of_its_last_step():
    # no number after the bullets: the list ended, the bullets are the article's
    record = extract_text(f"# Lamp\n\n{ZH_INTRO}\n\n1. アプリを開きます。\n2. 「保存」をクリックします。\n- 明るさは80が目安\n- 色は暖色が人気\n")
    assert [[sub.text for sub in s.substeps] for s in record.procedures[0].steps] == [[], []]


def test_option_bullets_two_spaces_under_a_numbered_item_stay_where_markdown_puts_them():
    # things to choose from, not actions: left as the reader made them (no substeps)
    record = extract_text(
        "# Lamp shade\n\nThe shade comes in two woods. Both fit every lamp of the range.\n\n"
        "1. Unscrew the old shade.\n2. Choose one:\n  - Oak\n  - Pine\n")
    assert [s.substeps for s in record.procedures[0].steps] == [[], []]


# -- a numbered list that starts again at "1." after a command and a note ----------------------------------

RESUMED = """# Lamp

The lamp pairs with the companion app over Bluetooth. Pairing takes about a minute.

1. Open the lamp app.
2. Type the pairing command:

```
lampctl pair
```

> Note: the lamp must be switched on.

1. Tap Save when the light turns green.
2. Close the app.
"""


def test_a_list_that_starts_again_after_the_command_and_a_note_is_one_procedure():
    assert [steps(extract_text(RESUMED), 0)] == [["Open the lamp app.", "Type the pairing command:",
                                                   "Tap Save when the light turns green.", "Close the app."]]


def test_a_list_after_a_new_lead_in_is_a_procedure_of_its_own():
    record = extract_text(RESUMED.replace("> Note: the lamp must be switched on.", "To rename the lamp:"))
    assert len(record.procedures) == 2


# -- numbered labels whose nested lists hold the actions ----------------------------------------------------

def test_numbered_labels_over_nested_actions_are_steps_with_substeps():
    record = extract_text(
        "## 台灯的各种设置\n***\n1. 固件升级\n   - 下载固件包\n   - 点击设置，选择升级\n   - 等待台灯重启\n"
        "2. 夜间模式\n   - 打开台灯应用\n   - 选择夜间模式\n3. 定时关灯\n   - 进入定时页面\n   - 输入关灯时间\n")
    assert titled(record) == [("台灯的各种设置", ["固件升级", "夜间模式", "定时关灯"])]
    assert [s.text for s in record.procedures[0].steps[0].substeps] == ["下载固件包", "点击设置，选择升级", "等待台灯重启"]


def test_numbered_features_over_nested_facts_stay_out():
    record = extract_text(
        "## Lamp features\n\nThe new desk lamp has a few things worth knowing about before you buy it.\n\n"
        "1. Night mode\n   - A warm light below 2700 K\n   - Dims itself after ten minutes\n"
        "2. Timer\n   - Up to eight hours\n   - Remembers the last value\n")
    assert record.procedures == []


# -- options under a task heading: "depending on your setup, you can:" --------------------------------------

OPTIONS = {
    "de": "## Erstellen Sie Platz auf dem Schreibtisch\n\nSchaffen Sie Platz für die neue Lampe. Abhängig von Ihrem Schreibtisch "
          "können Sie:\n\n- Verschieben Sie die alte Lampe nach links\n- Entfernen Sie den Monitorständer\n"
          "- Stellen Sie die Lampe auf das Regal\n",
    "ja": "## 机にスペースを作る\n\n新しいランプのために机の上を片付けます。机に応じて、次のことが可能になります。\n\n"
          "- 古いランプを左に移動します\n- モニター台を外します\n- ランプを棚に置きます\n",
    "zh": "## 在书桌上腾出空间\n\n为新台灯在书桌上腾出空间。根据您的书桌，您可以：\n\n- 把旧台灯移到左边\n- 取下显示器支架\n- 把台灯放在书架上\n",
}


def test_options_after_depending_on_your_setup_are_no_steps():
    for text in OPTIONS.values():
        assert extract_text(text).procedures == []


# -- numbered paths through the menus ----------------------------------------------------------------------

def test_numbered_menu_paths_are_steps_in_german_and_japanese():
    de = extract_text("## Lampe\n\nDie Lampe merkt sich ihre Einstellungen auch nach einem Stromausfall.\n\n"
                      "Konfigurieren Sie die Lampe:\n\n1. Menü → Lampe → Bearbeiten → Einstellungen\n"
                      "2. Licht → Helligkeit: `80`\n3. Licht → Farbe: `warm`\n")
    ja = extract_text("## ランプ\n\nランプは停電のあとも設定を覚えています。\n\nランプを設定します。\n\n"
                      "1. メニュー → ランプ → 編集 → 設定\n2. ライト→明るさ：`80`\n3. ライト → 色: `暖色`\n")
    assert steps(de) == ["Menü → Lampe → Bearbeiten → Einstellungen", "Licht → Helligkeit: 80", "Licht → Farbe: warm"]
    assert steps(ja) == ["メニュー → ランプ → 編集 → 設定", "ライト→明るさ：80", "ライト → 色: 暖色"]


def test_bulleted_menu_paths_of_recommended_settings_stay_out():
    record = extract_text("## ランプ\n\nランプは停電のあとも設定を覚えています。推奨される調整:\n\n"
                          "- メニュー → ライト → 明るさ: `80`\n- メニュー → ライト → 色: `暖色`\n- タイマー: `30分`\n")
    assert record.procedures == []


# -- "what to do: its command" is a step, not a term and its definition -------------------------------------

def test_numbered_actions_followed_by_their_commands_are_steps_in_japanese():
    record = extract_text("## ランプ\n\nランプのサーバーにつなぎ直します。\n\n"
                          "1. 鍵ファイルの権限を変更します: `chmod 600 ~/.lamp/key`\n"
                          "2. 新しいランプに鍵を追加します: `lamp-add ~/.lamp/key`\n"
                          "3. 接続をテストします: `lamp ping`\n")
    assert steps(record) == ["鍵ファイルの権限を変更します: chmod 600 ~/.lamp/key", "新しいランプに鍵を追加します: lamp-add ~/.lamp/key",
                             "接続をテストします: lamp ping"]


def test_a_glossary_of_two_word_terms_stays_a_glossary():
    record = extract_text("## Lamp modes\n\nThe lamp has a few modes, each with its own light.\n\n"
                          "1. Night mode: a warm light below 2700 K.\n2. Reading mode: a cold white light.\n"
                          "3. Party mode: colours that change every second.\n")
    assert record.procedures == []


def test_numbered_names_over_code_under_a_how_to_are_alternatives():
    record = extract_text(
        "---\ntitle: How to switch the lamp on from a script\n---\n\nThe lamp listens on the local network.\n\n"
        "## 1. Python\n\n```python\nlamp.on()\n```\n\n## 2. JavaScript\n\n```js\nlamp.on();\n```\n\n"
        "## 3. Shell\n\n```bash\nlampctl on\n```\n")
    assert record.procedures == []


def test_a_summary_of_what_leads_to_what_is_no_menu_path():
    # one arrow between two clauses says what a choice gives, not where to click (a post's closing summary)
    record = extract_text("## ランプの設定\n\nランプは停電のあとも設定を覚えています。\n\n## まとめ\n\n設定の要点:\n\n"
                          "1. **タイマー**による夜の自動消灯 → 寝る前の操作がいらなくなる\n"
                          "2. **暖色モード**が既定の明るさ → 夜に目が疲れにくくなる\n"
                          "3. **自動調光**つきのセンサー → 部屋の明るさに合わせて変わる\n")
    assert record.procedures == []
