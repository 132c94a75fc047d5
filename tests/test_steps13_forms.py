"""Step forms from unseen sites (issue 11, steps13): steps announced by the page's title, "here are the steps"
lead-ins in several languages, bulleted steps broken by screenshots and short remarks, and bullets numbered
with Chinese marks. Every sample is invented for the test (a lamp): one behaviour per test.
"""
from __future__ import annotations

import pytest

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


EN_INTRO = "The lamp pairs with the companion app over Bluetooth. Pairing takes about a minute or two."
ZH_INTRO = "这是一个简单的指南，告诉你如何让台灯保持干净，并且让灯光一直明亮好看，适合所有家庭使用。"


# -- the page's title names the sequence -------------------------------------------------------------

TITLE_STEPS = """---
title: Desk lamp setup steps
---
- Important steps are marked in red on the screenshots.

### Select "Quick setup"

![one](1.png)

### Choose the warm light profile

![two](2.png)

### Save and restart the lamp
"""


def test_task_headings_under_a_title_that_names_steps_are_the_steps():
    record = extract_text(TITLE_STEPS)
    assert steps(record) == ['Select "Quick setup"', "Choose the warm light profile", "Save and restart the lamp"]


def test_topic_headings_under_a_title_that_names_steps_are_no_steps():
    record = extract_text(TITLE_STEPS.replace('### Select "Quick setup"', "### Overview")
                          .replace("### Choose the warm light profile", "### Requirements"))
    assert record.procedures == []


def test_task_headings_under_a_plain_title_are_no_steps():
    record = extract_text(TITLE_STEPS.replace("Desk lamp setup steps", "Our desk lamp"))
    assert record.procedures == []


# -- "here are the steps" lead-ins -------------------------------------------------------------------

LEAD_INS = {
    "en": ("Here are the steps to pair the lamp:", "Open the Lumo app on your phone.",
           "Tap the plus sign in the top corner.", "Choose the desk lamp from the list."),
    "fr": ("Voici les étapes pour associer la lampe :", "Ouvrez l'application Lumo sur votre téléphone.",
           "Appuyez sur le signe plus en haut.", "Choisissez la lampe de bureau dans la liste."),
    "de": ("Hier sind die Schritte, um die Lampe zu koppeln:", "Öffnen Sie die Lumo-App auf Ihrem Telefon.",
           "Tippen Sie oben auf das Pluszeichen.", "Wählen Sie die Schreibtischlampe aus der Liste."),
    "es": ("Estos son los pasos para vincular la lámpara:", "Abre la aplicación Lumo en tu teléfono.",
           "Toca el signo más en la parte superior.", "Elige la lámpara de escritorio de la lista."),
    "pt": ("Aqui estão os passos para emparelhar a lâmpada:", "Abra o aplicativo Lumo no seu telefone.",
           "Toque no sinal de mais no canto superior.", "Escolha a luminária de mesa na lista."),
    "it": ("Ecco i passaggi per associare la lampada:", "Apri l'app Lumo sul telefono.", "Tocca il segno più in alto.",
           "Scegli la lampada da scrivania dall'elenco."),
    "nl": ("Dit zijn de stappen om de lamp te koppelen:", "Open de Lumo-app op je telefoon.",
           "Tik bovenaan op het plusteken.", "Kies de bureaulamp uit de lijst."),
    "zh": ("以下是连接台灯的步骤：", "打开手机上的应用。", "点击右上角的加号。", "从列表中选择台灯。"),
}
INTROS = {
    "en": EN_INTRO,
    "fr": "La lampe se connecte à l'application par Bluetooth. Cela prend environ une minute.",
    "de": "Die Lampe verbindet sich per Bluetooth mit der App. Das dauert etwa eine Minute.",
    "es": "La lámpara se conecta con la aplicación por Bluetooth. Tarda más o menos un minuto.",
    "pt": "A lâmpada se conecta ao aplicativo por Bluetooth. Isso leva cerca de um minuto.",
    "it": "La lampada si collega all'app tramite Bluetooth. Ci vuole circa un minuto.",
    "nl": "De lamp maakt via Bluetooth verbinding met de app. Dat duurt ongeveer een minuut.",
    "zh": "这是一个简单的指南，告诉你如何把台灯连接到手机，适合所有家庭使用，几分钟就能完成。",
}


@pytest.mark.parametrize("language", sorted(LEAD_INS))
def test_a_lead_in_that_presents_the_steps_makes_its_bullets_steps(language):
    lead, *items = LEAD_INS[language]
    record = extract_text(f"# Lamp\n\n{INTROS[language]}\n\n{lead}\n\n" + "".join(f"- {item}\n" for item in items))
    assert steps(record) == items


def test_a_lead_in_that_presents_the_parts_keeps_its_bullets_out():
    record = extract_text(f"# Lamp\n\n{EN_INTRO}\n\nHere are the parts in the box:\n\n- The lamp base.\n"
                          "- The shade.\n- The power adapter.\n")
    assert record.procedures == []


# -- bulleted steps broken by screenshots and short remarks --------------------------------------------

BROKEN = f"""# Pairing the lamp

{EN_INTRO}

Follow these steps:

- Open the Lumo app on your phone.
- Tap the plus sign in the top corner.

![Plus sign](a.png)

This opens the device list.

- Choose the desk lamp from the list.
- Tap Connect and wait for the green check.
"""


def test_bulleted_steps_go_on_after_a_screenshot_and_a_short_remark():
    record = extract_text(BROKEN)
    assert steps(record) == ["Open the Lumo app on your phone.", "Tap the plus sign in the top corner.",
                             "Choose the desk lamp from the list.", "Tap Connect and wait for the green check."]


def test_a_long_paragraph_between_bullets_ends_the_steps():
    record = extract_text(BROKEN.replace("This opens the device list.",
                                         "The device list shows every lamp, speaker and plug in range. It is sorted "
                                         "by signal strength, so the nearest device comes first."))
    assert len(steps(record)) == 2


# -- bullets numbered with Chinese marks ---------------------------------------------------------------

def test_bullets_numbered_with_a_chinese_mark_are_steps():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n- 1、拔下电源插头，等灯泡冷却。\n- 2、逆时针旋转固定环，取下灯罩。\n"
                          "- 3、用干布擦拭灯罩。\n")
    assert steps(record) == ["拔下电源插头，等灯泡冷却。", "逆时针旋转固定环，取下灯罩。", "用干布擦拭灯罩。"]


def test_bullets_with_numbers_out_of_order_are_no_steps():
    record = extract_text(f"# 台灯\n\n{ZH_INTRO}\n\n- 3、拔下电源插头。\n- 1、取下灯罩。\n- 2、擦拭灯罩。\n")
    assert record.procedures == []


def test_numbered_chinese_headings_that_take_off_a_part_are_steps():
    record = extract_text(f"---\ntitle: 如何清洁台灯\n---\n{ZH_INTRO}\n\n## 1、拔下电源\n\n先把插头拔下来。\n\n"
                          "## 2、取下灯罩\n\n逆时针旋转固定环。\n\n## 3、擦拭灯罩\n\n用干布轻轻擦拭。\n")
    assert steps(record) == ["拔下电源", "取下灯罩", "擦拭灯罩"]


# -- a numbered list written as HTML in a styled box ---------------------------------------------------

BOXED = """# Cleaning the lamp shade

The shade collects dust over time. Cleaning it once a month keeps the light bright.

<div class="steps-box">
<ol>
<li>Unplug the lamp and let the bulb cool down.<img src="a.png" alt="unplug"></li>
<li>Remove the shade by turning the ring to the left.</li>
<li>Wipe the shade with a dry microfiber cloth.<br><img src="b.png" width="300"></li>
</ol>
</div>
"""


def test_a_numbered_html_list_in_a_styled_box_is_a_procedure():
    record = extract_text(BOXED)
    assert steps(record) == ["Unplug the lamp and let the bulb cool down.",
                             "Remove the shade by turning the ring to the left.",
                             "Wipe the shade with a dry microfiber cloth."]


def test_a_box_that_holds_more_than_a_plain_list_stays_html():
    record = extract_text(BOXED.replace("<ol>", '<ol>\n<li><script src="ad.js"></script>Sponsored</li>'))
    assert record.procedures == []


# -- a flush-left paragraph right under the last item ----------------------------------------------------

LAZY = f"""# Resetting the lamp

{EN_INTRO}

To reset the lamp:

1. Unplug the lamp for ten seconds.
2. Plug it back in while holding the button.
3. Release the button when the light flashes twice.
%s
"""


def test_a_flush_left_sentence_under_the_last_item_is_not_its_text():
    record = extract_text(LAZY % "After the reset the lamp forgets every phone it was paired with.")
    assert steps(record)[-1] == "Release the button when the light flashes twice."


def test_a_flush_left_line_that_goes_on_the_items_sentence_stays_in_it():
    record = extract_text(LAZY.replace("flashes twice.", "flashes") % "twice, then wait a moment.")
    assert steps(record)[-1] == "Release the button when the light flashes twice, then wait a moment."


def test_a_flush_left_lead_in_under_an_item_keeps_the_items_sub_list():
    record = extract_text(LAZY % "On a desk lamp:\n    1. Turn the shade up\n    2. Press the dimmer twice")
    assert steps(record)[-1] == "Release the button when the light flashes twice. On a desk lamp:"
    assert [s.text for s in record.procedures[0].steps[-1].substeps] == ["Turn the shade up", "Press the dimmer twice"]


# -- numbered bold lines under a how-to title --------------------------------------------------------------

BOLD_LINES = f"""---
title: How to clean the lamp
---
{EN_INTRO}

**1. Unplug the lamp**

Pull the plug and wait until the bulb is cool.

**2. Remove the shade**

Turn the ring to the left and lift the shade.

**3. Wipe the shade**

Use a dry microfiber cloth.
"""


def test_numbered_bold_lines_under_a_how_to_title_are_steps():
    assert steps(extract_text(BOLD_LINES)) == ["Unplug the lamp", "Remove the shade", "Wipe the shade"]


def test_numbered_bold_lines_with_a_chinese_mark_under_a_how_to_title_are_steps():
    record = extract_text(f"---\ntitle: 如何清洁台灯\n---\n{ZH_INTRO}\n\n**1、拔下电源**\n\n先把插头拔下来。\n\n"
                          "**2、取下灯罩**\n\n逆时针旋转固定环。\n\n**3、擦拭灯罩**\n\n用干布轻轻擦拭。\n")
    assert steps(record) == ["拔下电源", "取下灯罩", "擦拭灯罩"]


def test_numbered_bold_lines_under_a_plain_title_are_no_steps():
    record = extract_text(BOLD_LINES.replace("How to clean the lamp", "Our favourite lamp"))
    assert record.procedures == []


# -- definitions and labelled steps ------------------------------------------------------------------------

def test_japanese_terms_defined_in_polite_sentences_are_a_glossary():
    record = extract_text("# ランプの設定\n\nランプの設定項目を簡単に説明します。毎日の使い方に合わせて選んでください。\n\n"
                          "1. **明るさ**：ランプの明るさです。1から100まで選べます。\n"
                          "2. **色温度**：暖かい光か冷たい光かを決めます。\n"
                          "3. **タイマー**：ランプが消えるまでの時間です。\n")
    assert record.procedures == []


DE_LABELLED = """# Die Lampe einrichten

Die Lampe lässt sich in wenigen Minuten mit der App verbinden. So gehen Sie dabei vor.

Folgen Sie diesen Schritten:

1. **Vorbereitung:** Die Lampe muss eingeschaltet sein. Laden Sie dann die App herunter.
2. **Gerät hinzufügen:** Tippen Sie oben rechts auf das Pluszeichen.
3. **Verbindung:** Die App sucht nach der Lampe. Wählen Sie sie aus der Liste.
4. **Abschluss:** Die Lampe blinkt grün. Tippen Sie auf Fertig.
"""


def test_labelled_items_after_a_steps_lead_in_are_steps_though_they_open_with_a_setting():
    assert len(steps(extract_text(DE_LABELLED))) == 4


def test_the_same_items_after_a_lead_in_that_announces_no_steps_are_a_glossary():
    assert extract_text(DE_LABELLED.replace("Folgen Sie diesen Schritten:", "Das passiert dabei:")).procedures == []


WHAT_TO_DO = {
    "en": ("Here's what to do:", "Steps:"),
    "fr": ("Voici ce qu'il faut faire :", "Étapes :"),
    "de": ("Das müssen Sie tun:", "Schritte:"),
    "es": ("Esto es lo que debes hacer:", "Pasos:"),
    "pt": ("Veja o que fazer:", "Passos:"),
    "nl": ("Dit moet je doen:", "Stappen:"),
    "zh": ("步骤：", "操作步骤："),
}


@pytest.mark.parametrize("language,lead", [(lang, lead) for lang, leads in sorted(WHAT_TO_DO.items()) for lead in leads])
def test_a_lead_in_that_says_what_to_do_or_names_the_steps_makes_its_bullets_steps(language, lead):
    _, *items = LEAD_INS[language]
    record = extract_text(f"# Lamp\n\n{INTROS[language]}\n\n{lead}\n\n" + "".join(f"- {item}\n" for item in items))
    assert steps(record) == items


PLAYBOOK = """# Playbook

The playbook installs the packages that the lamp server needs, and it sets up the service too.

%s

* Create the hosts file as per the diagram.
* Copy the keys to every host.
* Run the playbook with the inventory file.
"""


def test_a_sentence_that_presents_the_steps_with_a_full_stop_makes_its_bullets_steps():
    record = extract_text(PLAYBOOK % "Here are the steps to run the playbook which will install all the packages.")
    assert len(steps(record)) == 3


def test_a_sentence_that_only_mentions_steps_keeps_its_bullets_out():
    record = extract_text(PLAYBOOK % "The playbook has a few steps that we wrote for our own servers.")
    assert record.procedures == []


# -- Chinese how-to titles that do not open with 如何 --------------------------------------------------------

ZH_UPDATES = f"""---
title: %s
---
{ZH_INTRO}

## 1、打开设置

按下 Win+I 打开设置。

## 2、点击更新

在左侧点击 Windows 更新。

## 3、暂停更新

选择暂停一周。
"""


@pytest.mark.parametrize("title", ["Windows 11 如何关闭自动更新", "Windows 11 关闭自动更新教程"])
def test_numbered_chinese_headings_under_a_how_to_or_tutorial_title_are_steps(title):
    assert steps(extract_text(ZH_UPDATES % title)) == ["打开设置", "点击更新", "暂停更新"]


def test_numbered_chinese_headings_under_a_title_that_names_ways_are_no_steps():
    assert extract_text(ZH_UPDATES % "Windows 11 关闭自动更新的三种方法").procedures == []


JA_INTRO = "ランプをきれいに保つための簡単なガイドです。毎月この作業を行うと、明るさが長く続きます。"


def test_a_japanese_lead_in_that_ends_its_sentence_with_a_mark_introduces_its_bullets():
    record = extract_text(f"# ランプ\n\n{JA_INTRO}\n\n手順は以下の通りです。\n\n- スマートフォンでアプリを開きます。\n"
                          "- 右上の＋をタップします。\n- 一覧からランプを選びます。\n")
    assert steps(record) == ["スマートフォンでアプリを開きます。", "右上の＋をタップします。", "一覧からランプを選びます。"]


def test_a_japanese_sentence_that_only_mentions_the_lamp_keeps_its_bullets_out():
    record = extract_text(f"# ランプ\n\n{JA_INTRO}\n\nこのランプには三つの部品があります。\n\n- 台座\n- かさ\n- 電源アダプター\n")
    assert record.procedures == []
