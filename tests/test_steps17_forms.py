"""Step forms from unseen sites (steps17): emoji shortcodes at the start of headings and steps, bullets whose
commands are written flush left (which ends the Markdown list), a section heading with a paragraph that says what the
section does over its action bullets, numbered headings that open an untitled note, a numbered list of references,
and ordinal step labels ended by a full stop. Each sample is invented for the test (a desk lamp and its tools); next
to each, the list of the same shape that must stay out.
"""
from __future__ import annotations

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


# -- emoji shortcodes -----------------------------------------------------------------------------------------

def test_shortcodes_show_as_their_emoji_in_titles_headings_and_steps():
    record = extract_text('---\ntitle: ":bulb: Lamp notes"\n---\n\n## :rocket: Install the lamp app\n\n'
                          "1. :computer: Open a terminal on the desk computer.\n2. Type the install command.\n"
                          "3. Wait for the lamp to blink twice.\n")
    assert record.metadata.title == "💡 Lamp notes"
    assert record.procedures[0].title == "🚀 Install the lamp app"
    assert steps(record) == ["💻 Open a terminal on the desk computer.", "Type the install command.",
                             "Wait for the lamp to blink twice."]


def test_unknown_names_times_and_paths_keep_their_colons():
    record = extract_text("# Lamp log\n\nThe lamp woke at 10:30:00 and wrote :notanemoji: to C:/lamp:log:day.\n")
    assert "10:30:00" in record.content.text and ":notanemoji:" in record.content.text
    assert "C:/lamp:log:day" in record.content.text


# -- bullets split by their commands (started by a task heading; bullets with no lead-in under a heading that names
# no task stay out, as ANNOTATION.md says: the split alone does not make steps) --------------------------------------------------------------------------

def test_a_note_on_a_command_between_pieces_of_bullets_keeps_them_one_procedure():
    record = extract_text("# Lamp server\n\nThe lamp server keeps the schedules of every lamp in the house.\n\n"
                          "## Set up the lamp server\n\n"
                          "- Download the lamp tool.\n```\nget lamp-tool\n```\n- Extract the archive.\n```\ntar xf lamp.tar\n```\n"
                          "If it prints a warning about the date, go on all the same. The date is set later.\n\n"
                          "- Start the lamp server.\n```\nlamp serve\n```\n- Open the lamp page in the browser.\n")
    assert len(record.procedures) == 1
    assert steps(record) == ["Download the lamp tool.", "Extract the archive.", "Start the lamp server.",
                             "Open the lamp page in the browser."]


def test_bullets_split_by_code_under_a_heading_that_names_no_task_stay_out():
    record = extract_text("# Lamp server\n\nThe lamp server keeps the schedules of every lamp in the house.\n\n## Inside the box\n\n"
                          "- Download the lamp tool.\n```\nget lamp-tool\n```\n- Extract the archive.\n```\ntar xf lamp.tar\n```\n")
    assert record.procedures == []


def test_features_split_by_code_stay_out():
    record = extract_text("# Lamp server\n\nThe lamp server keeps the schedules of every lamp in the house.\n\n"
                          "- A small memory footprint.\n```\nlamp stats\n```\n- Schedules in plain text.\n"
                          "```\ncat schedule.txt\n```\n- Logs for every lamp.\n")
    assert record.procedures == []


# -- a heading, a paragraph saying what the section does, then the actions -------------------------------------

def test_a_paragraph_that_says_what_the_section_does_leaves_its_bullets_the_steps():
    record = extract_text("# ランプ\n\nランプの設定メモです。\n\n## タイマー\n\nランプにはタイマーという機能があります。"
                          "消灯までの時間を30分に変更します。\n\n- 【設定】を押します。\n- 【タイマー】を選びます。\n"
                          "- 30分を入力します。\n- 【保存】を押します。\n")
    assert steps(record) == ["【設定】を押します。", "【タイマー】を選びます。", "30分を入力します。", "【保存】を押します。"]


def test_a_paragraph_that_only_describes_leaves_its_bullets_out():
    record = extract_text("# ランプ\n\nランプの設定メモです。\n\n## タイマー\n\nランプにはタイマーという機能があります。"
                          "時間は自由に決められます。\n\n- 【設定】を押します。\n- 【タイマー】を選びます。\n"
                          "- 30分を入力します。\n- 【保存】を押します。\n")
    assert record.procedures == []


def test_a_checklist_lead_in_ending_in_a_colon_is_left_to_the_lead_in_rules():
    record = extract_text("# Faster lamp\n\nThe lamp app can be slow on a busy network.\n\n## Other tweaks\n\n"
                          "If none of the fixes above helped, a few habits keep the app quick. Check the following to see "
                          "if you have done them all:\n\n- **Reduce the number of lamps** on one router.\n"
                          "- **Use a cable** for the hub instead of Wi-Fi.\n- **Update the hub firmware** if you have not.\n")
    assert record.procedures == []


def test_what_to_have_before_starting_is_no_section_of_steps():
    """A requirements heading, a paragraph that tells the reader to check them, then imperative bullets: conditions."""
    record = extract_text("# ランプのアプリ\n\nランプのアプリの使い方です。\n\n## 前提条件\n\n始める前に、次の条件を満たしていることを"
                          "確認してください。\n\n- ランプ: ランプの電源が入っていることを確認してください。\n"
                          "- アプリ: 最新のアプリをインストールします。\n- ネットワーク: ランプと同じWi-Fiに接続します。\n")
    assert record.procedures == []
    record = extract_text("# Lamp app\n\nHow the lamp app works.\n\n## Prerequisites\n\nBefore you start, make sure the "
                          "following is in place.\n\n- Plug in the lamp.\n- Install the latest lamp app.\n"
                          "- Join the lamp's Wi-Fi network.\n")
    assert record.procedures == []


# -- numbered headings of an untitled note -----------------------------------------------------------------------

def test_numbered_headings_of_an_untitled_note_over_commands_are_its_steps():
    record = extract_text("## 1、安装台灯工具\n\n```shell\napt install lamp-tool\n```\n\n## 2、启动台灯服务\n\n"
                          "```shell\nsystemctl start lamp\n```\n\n## 3、修改台灯配置\n\n```shell\nvim /etc/lamp.conf\n```\n\n"
                          "## 参考资料\n\n1. 台灯工具文档: <https://lamp.example/docs>\n2. 台灯配置说明: <https://lamp.example/conf>\n")
    assert len(record.procedures) == 1
    assert steps(record) == ["安装台灯工具", "启动台灯服务", "修改台灯配置"]


def test_numbered_best_practices_under_a_title_stay_out():
    record = extract_text("# Lamp security\n\nA few practices keep the lamp server safe.\n\n## 1. Use a separate user\n\n"
                          "```\nadduser lamp\n```\n\n## 2. Keep the tool updated\n\n```\nlamp update\n```\n")
    assert record.procedures == []


# -- a numbered list of references --------------------------------------------------------------------------------

def test_a_numbered_list_of_addresses_is_references_not_steps():
    record = extract_text("# Lamp notes\n\nWhat I read before setting the lamp up.\n\n## Reading\n\n"
                          "1. Install the lamp tool: <https://lamp.example/install>\n"
                          "2. Configure the schedule: <https://lamp.example/schedule>\n"
                          "3. Update the firmware: https://lamp.example/firmware\n")
    assert record.procedures == []


# -- ordinal labels ended by a full stop ---------------------------------------------------------------------------

def test_french_ordinal_labels_ended_by_a_full_stop_are_steps():
    record = extract_text("## Installer la lampe\n\nPour installer la lampe, suivez les étapes ci-dessous :\n\n"
                          "**Première étape**. **Ouvrez** la boîte et sortez la lampe.\n\n"
                          "**Note** : la lampe est fragile.\n\n"
                          "**Deuxième étape**. **Branchez** la lampe sur le secteur.\n\n"
                          "**Troisième étape**. **Appuyez** sur le bouton.\n")
    assert steps(record) == ["Ouvrez la boîte et sortez la lampe.", "Branchez la lampe sur le secteur.",
                             "Appuyez sur le bouton."]
