"""Steps in the corpus's languages, and lists that are not steps in any of them.

Every sample is invented for the test (a lamp, a kettle, a shelf): one behaviour per test, in several
languages where the behaviour is a language's words.
"""
from __future__ import annotations

import pytest

from extractor import extract_text
from extractor.data import step_rules
from extractor.rules.load import default_rules
from extractor.stages.units import is_instruction

INTRO = {
    "en": "A short guide to keep your lamp clean, so that the light in the room stays bright and warm for you.",
    "fr": "Un petit guide pour garder votre lampe propre, pour que la lumière reste belle dans la pièce.",
    "de": "Ein kurzer Ratgeber, damit die Lampe sauber bleibt und das Licht in dem Zimmer schön ist.",
    "es": "Una guía corta para que la lámpara esté limpia y la luz de la sala sea bonita para usted.",
    "it": "Una breve guida per tenere pulita la lampada e per avere una luce che sia bella nella stanza.",
    "pt": "Um guia curto para que a lâmpada fique limpa e para que a luz da sala seja bonita para você.",
    "nl": "Een korte gids om de lamp schoon te houden, zodat het licht in de kamer mooi is voor u.",
    "id": "Panduan singkat ini untuk menjaga lampu tetap bersih dan cahaya di ruangan itu tetap indah.",
    "zh": "这是一个简单的指南，告诉你如何让台灯保持干净，并且让灯光一直明亮好看，适合所有家庭使用。",
    "ja": "ランプをきれいに保つための簡単なガイドです。毎月この作業を行うと、明るさが長く続きます。",
}


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


def article(code: str, body: str) -> str:
    return f"# Lamp\n\n{INTRO[code]}\n\n{body}"


# -- instructions in each language ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Cliquez sur Enregistrer.", "Débranchez la lampe.", "Ensuite, ouvrez le menu.", "Cocher la case Bleu.",
    "Klicken Sie auf Speichern.", "Ziehen Sie den Stecker.", "Im Menü wählen Sie Datei.",
    "Haga clic en Guardar.", "Abre el panel.", "Fai clic su Salva.", "Selezionare la voce Blu.",
    "Clique em Salvar.", "Selecione Arquivo.", "Klik op Opslaan.", "Selecteer Bestand.",
    "Klik Simpan.", "Lalu buka menu Berkas.", "点击“保存”。", "然后打开设置窗口。", "[保存]をクリックします。",
    "電源プラグを抜きます。", "Completely shut down the lamp.",
])
def test_an_instruction_reads_as_one_in_its_language(text):
    assert is_instruction(text, step_rules())


@pytest.mark.parametrize("text", [
    "La lampe possède trois voyants.", "Chez nous, la lampe reste allumée.", "Die Lampe hat drei Leuchten.",
    "Haben Sie eine Lampe?", "La lámpara tiene tres luces.", "La lampada ha tre luci.", "A lâmpada tem três luzes.",
    "De lamp heeft drie lampjes.", "Lampu ini punya tiga indikator.", "这盏灯有三个指示灯。",
    "ランプには三つの色があります。",
])
def test_a_statement_does_not(text):
    assert not is_instruction(text, step_rules())


# -- numbered steps and numbered tips ------------------------------------------------------------

@pytest.mark.parametrize("code, body, expected", [
    ("fr", "1. Débranchez la lampe.\n2. Essuyez le verre avec un chiffon sec.\n3. Rebranchez la lampe.\n", 3),
    ("de", "1. Ziehen Sie den Stecker.\n2. Wischen Sie das Glas ab.\n3. Stecken Sie den Stecker ein.\n", 3),
    ("es", "1. Desconecte la lámpara.\n2. Limpie el vidrio con un paño.\n3. Conecte la lámpara.\n", 3),
    ("zh", "1. 拔下台灯的电源插头。\n2. 用干布擦拭灯罩。\n3. 重新插上插头，然后打开台灯。\n", 3),
])
def test_numbered_steps_are_found_in_every_language(code, body, expected):
    record = extract_text(article(code, body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == expected


@pytest.mark.parametrize("code, body", [
    ("fr", "1. Une ampoule LED consomme moins.\n2. Le verre dépoli diffuse mieux la lumière.\n3. Les modèles en métal sont plus solides.\n"),
    ("de", "1. Eine LED-Lampe braucht weniger Strom.\n2. Mattes Glas streut das Licht.\n3. Metall ist robuster.\n"),
    ("it", "1. Una lampadina LED consuma meno.\n2. Il vetro satinato diffonde la luce.\n3. Il metallo dura di più.\n"),
])
def test_a_numbered_list_of_tips_is_no_procedure_in_a_language_with_verbs(code, body):
    assert extract_text(article(code, body)).procedures == []


def test_a_language_without_verbs_keeps_its_numbered_runs():
    # Polish has no verb list yet: a numbered run of sentences is taken as steps, as before
    body = ("Krótki poradnik o tym, jak dbać o lampę w domu, żeby światło było zawsze jasne i ładne dla wszystkich.\n\n"
            "1. Wyjmij wtyczkę z gniazdka.\n2. Przetrzyj klosz suchą ściereczką.\n")
    assert len(extract_text(f"# Lampa\n\n{body}").procedures) == 1


# -- step labels ---------------------------------------------------------------------------------

@pytest.mark.parametrize("code, labels", [
    ("fr", ["Étape 1 :", "Étape 2 :"]),
    ("de", ["Schritt 1 –", "Schritt 2 –"]),
    ("es", ["Paso 1 —", "Paso 2 —"]),
    ("it", ["Passo 1:", "Passo 2:"]),
    ("nl", ["Stap 1:", "Stap 2:"]),
    ("id", ["Langkah 1:", "Langkah 2:"]),
    ("zh", ["第1步：", "第二步："]),
    ("zh", ["步骤1：", "步骤2："]),
    ("ja", ["ステップ1：", "ステップ2："]),
    ("ja", ["手順1.", "手順2."]),
])
def test_step_labels_in_every_language(code, labels):
    record = extract_text(article(code, f"{labels[0]} Unplug it.\n\n{labels[1]} Wipe it.\n"))
    assert steps(record) == ["Unplug it.", "Wipe it."]
    assert [s.number for s in record.procedures[0].steps] == [1, 2]


def test_step_three_with_an_en_dash_is_a_label():
    record = extract_text("# Lamp\n\nStep 1 – Unplug the lamp.\n\nStep 2 – Wipe the glass.\n\nStep 3 – Plug it in.\n")
    assert steps(record) == ["Unplug the lamp.", "Wipe the glass.", "Plug it in."]


# -- bulleted steps under a lead-in --------------------------------------------------------------

@pytest.mark.parametrize("code, intro, items", [
    ("fr", "Pour nettoyer la lampe, suivez ces étapes :", ["Débranchez la lampe.", "Essuyez le verre."]),
    ("de", "Um die Lampe zu reinigen, gehen Sie wie folgt vor:", ["Ziehen Sie den Stecker.", "Wischen Sie das Glas ab."]),
    ("es", "Para limpiar la lámpara, siga estos pasos:", ["Desenchufe la lámpara.", "Limpie el vidrio."]),
    ("it", "Per pulire la lampada, segui questi passaggi:", ["Scollega la lampada.", "Pulisci il vetro."]),
    ("pt", "Para limpar a lâmpada, siga estes passos:", ["Desligue a lâmpada.", "Limpe o vidro."]),
    ("nl", "Om de lamp schoon te maken, volg je deze stappen:", ["Trek de stekker eruit.", "Veeg het glas af."]),
    ("id", "Untuk membersihkan lampu, ikuti langkah berikut:", ["Cabut steker lampu.", "Lap kacanya."]),
    ("zh", "请按照以下步骤操作：", ["拔下电源插头。", "用干布擦拭灯罩。"]),
])
def test_bullets_under_a_lead_in_that_says_steps_are_a_procedure(code, intro, items):
    bullets = "".join(f"* {item}\n" for item in items)
    record = extract_text(article(code, f"{intro}\n\n{bullets}"))
    assert steps(record) == items


def test_bullets_of_features_after_a_lead_in_are_not():
    record = extract_text(article("fr", "Voici comment :\n\n* Une lumière douce.\n* Un pied en bois.\n"))
    assert record.procedures == []


# -- lists of products and features --------------------------------------------------------------

def test_the_features_under_a_ranked_product_heading_are_no_procedure():
    record = extract_text(
        "# Lamp apps\n\nA look at apps that plan where your lamps go, with what each does well.\n\n"
        "## #1 LampPlan – plans a room\n\n1\\. Add lamps to a floor plan\n\n2\\. Share the plan with friends\n\n"
        "## #2 GlowBook – a lamp diary\n\n1\\. Record when each lamp is on\n\n2\\. Export the diary\n"
    )
    assert record.procedures == []


@pytest.mark.parametrize("title", ["Top 5 desk lamps", "Les 5 meilleures lampes", "Die 5 besten Lampen",
                                   "Las 5 mejores lámparas", "十大台灯品牌"])
def test_a_numbered_list_under_a_best_of_title_is_no_procedure(title):
    record = extract_text(f"# Lamps\n\nSome words about lamps, long enough for an article.\n\n## {title}\n\n"
                          "1. Open the BrightCo lamp box.\n2. Open the GlowCo lamp box.\n")
    assert record.procedures == []


def test_top_n_ways_is_still_a_procedure_title():
    record = extract_text("# Lamps\n\n## Top 3 ways to fix a lamp\n\n1. Unplug the lamp.\n2. Replace the fuse.\n")
    assert len(record.procedures) == 1


def test_a_product_box_after_step_labels_is_not_the_last_steps_substeps():
    record = extract_text(
        "# Lamps\n\n## Two lamp apps\n\n[LampPlan](https://example.com/lampplan)\n\n"
        "* It plans a room.\n* It shares plans with friends.\n\n"
        "Step 1 Open LampPlan.\n\nStep 2 Click Add lamp.\n\n[GlowBook](https://example.com/glowbook)\n\n"
        "* It records when each lamp is on.\n* It exports a diary.\n\n"
        "Pros\n 1\\. It is free.\n 2\\. It is small.\n"
    )
    assert steps(record) == ["Open LampPlan.", "Click Add lamp."]
    assert all(not step.substeps for step in record.procedures[0].steps)


# -- "Method 2" lines ----------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Method 1: Clean the bulb", "Method 2: Replace the bulb"),
    ("**Option 1 – By hand**", "**Option 2 – With a tool**"),
    ("Méthode 1 : Nettoyer", "Méthode 2 : Remplacer"),
    ("Lösung 1: Reinigen", "Lösung 2: Ersetzen"),
    ("方法1：清洁", "方法2：更换"),
])
def test_method_lines_split_the_ways_into_procedures(first, second):
    record = extract_text(
        "# Lamp\n\nSome words about lamps, long enough to be an article body for the reader.\n\n"
        f"{first}\n\n1. Unplug the lamp.\n2. Wipe the bulb.\n\n{second}\n\n1. Remove the bulb.\n2. Insert a new bulb.\n"
    )
    assert [p.title for p in record.procedures] == [first.strip("*"), second.strip("*")]


@pytest.mark.parametrize("text", ["Installer l'outil de la lampe.", "Choisir un dossier.", "Instalar el programa.",
                                  "Svitare il coperchio.", "Instalar o programa."])
def test_an_infinitive_before_an_article_is_an_instruction(text):
    assert is_instruction(text, step_rules())


@pytest.mark.parametrize("text", ["Printer no longer prints.", "Never do this.", "Driver Easy finds the driver.",
                                  "Hardware in the box.", "Dieser Ratgeber ist kurz.", "Fichier de configuration"])
def test_an_english_or_german_word_in_er_is_no_infinitive(text):
    # every language's forms apply to every text: they must not read English or German words as verbs
    assert not is_instruction(text, step_rules())


@pytest.mark.parametrize("lead_in, items", [
    ("Before you open the lamp, please be aware that:",
     ["Once you open the base, you might void the warranty.", "Wrong wiring may damage the lamp and you should enter nothing."]),
    ("Avant d'ouvrir la lampe, sachez que :", ["Une fois ouverte, la garantie tombe.", "Un mauvais câblage abîme la lampe."]),
])
def test_a_numbered_list_of_cautions_is_no_procedure(lead_in, items):
    numbered = "".join(f"{n}) {item}\n\n" for n, item in enumerate(items, 1))
    record = extract_text(f"# Lamp\n\nSome words about lamps, long enough for an article body.\n\n{lead_in}\n\n{numbered}"
                          "1. Unplug the lamp.\n2. Open the base.\n")
    assert [len(p.steps) for p in record.procedures] == [2]
    assert steps(record) == ["Unplug the lamp.", "Open the base."]


# -- the article's language picks the instruction words --------------------------------------------

ENGLISH_INTRO = ("This is a short guide to the race day, and it is for the people who want to know how the "
                 "team works and what they do when the cars are in the pit lane.")


def test_a_verb_of_another_language_makes_no_step_in_an_english_article():
    # "Role" is Portuguese for "scroll", "Lap" Indonesian for "wipe": in English they are nouns
    body = "1. Role of the pit crew in a race.\n2. Lap times and how they are kept.\n"
    assert is_instruction("Role of the pit crew in a race.", step_rules())  # every language's words ...
    record = extract_text(f"# Race day\n\n{ENGLISH_INTRO}\n\n{body}")
    assert record.metadata.language == "en"
    assert record.procedures == []  # ... but the article is English


def test_the_same_word_is_a_verb_in_its_own_language():
    intro = "Um guia curto para que a página fique limpa e para que a lista seja bonita para você."
    body = "1. Role a página até o fim.\n2. Toque no botão Salvar.\n"
    record = extract_text(f"# Página\n\n{intro}\n\n{body}")
    assert steps(record) == ["Role a página até o fim.", "Toque no botão Salvar."]


def test_an_article_in_a_language_without_word_lists_keeps_its_numbered_steps():
    intro = ("Krótki poradnik o tym, jak dbać o lampę w domu, żeby światło było zawsze jasne i ładne, "
             "a klosz czysty przez cały rok bez większego wysiłku.")
    body = "1. Odłącz lampę od prądu.\n2. Przetrzyj klosz suchą ściereczką.\n"
    record = extract_text(f"# Lampa\n\n{intro}\n\n{body}")
    assert record.metadata.language is None
    assert steps(record) == ["Odłącz lampę od prądu.", "Przetrzyj klosz suchą ściereczką."]


@pytest.mark.parametrize("language, steps, purpose, then", [
    ("en", ("Open the drawing.", "Pick a page.", "Click **Export** to finish."),
     "To update the linked copies, export the drawing again in the app.", "Then wait for the green tick."),
    ("fr", ("Ouvrez le dessin.", "Choisissez une page.", "Cliquez sur **Exporter** pour terminer."),
     "Pour mettre à jour les copies liées, exportez de nouveau le dessin.", "Puis attendez la coche verte."),
    ("de", ("Öffnen Sie die Zeichnung.", "Wählen Sie eine Seite aus.", "Klicken Sie auf **Exportieren**."),
     "Um die verknüpften Kopien zu aktualisieren, exportieren Sie die Zeichnung erneut.",
     "Dann warten Sie auf das grüne Häkchen."),
    ("zh", ("打开图纸。", "选择一页。", "单击“导出”完成导出。"), "若要更新链接的副本，请再次导出该图纸。", "然后等待绿色的勾号。"),
])
def test_a_paragraph_that_states_its_own_goal_does_not_continue_the_last_step(language, steps, purpose, then):
    body = "".join(f"{n}. {text}\n\n" for n, text in enumerate(steps, 1))
    last = extract_text(f"## Export\n\n{body}{purpose}\n").procedures[0].steps[-1]
    assert purpose.split()[0].strip("，") not in last.text, language
    assert then.split("。")[0] in extract_text(f"## Export\n\n{body}{then}\n").procedures[0].steps[-1].text, language


@pytest.mark.parametrize("code, intro, items", [
    ("fr", "Pour connecter la lampe au boîtier :", ["Ouvrez l'application.", "Sélectionnez **Ajouter**.", "Maintenez le bouton."]),
    ("de", "So verbinden Sie die Lampe mit dem Hub:", ["Öffnen Sie die App.", "Wählen Sie **Hinzufügen** aus.", "Halten Sie die Taste gedrückt."]),
    ("es", "Para conectar la lámpara al hub:", ["Abra la aplicación.", "Seleccione **Agregar**.", "Mantenga pulsado el botón."]),
    ("ja", "ランプをハブに接続するには:", ["アプリを開きます。", "**追加** を選択します。", "ボタンを押し続けます。"]),
    ("zh", "若要将台灯连接到集线器：", ["打开应用。", "选择 **添加**。", "按住按钮。"]),
])
def test_bullets_after_a_lead_in_that_names_the_task_are_steps(code, intro, items):
    body = "\n".join(f"- {item}" for item in items)
    record = extract_text(f"# Lamp\n\n## Pairing\n\n{INTRO[code]}\n\n{intro}\n\n{body}\n")
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 3


@pytest.mark.parametrize("text", [
    "On the page that opens, in the Name field, enter a name for the lamp.",
    "Sur la page qui s'ouvre, dans le champ Nom, entrez un nom pour la lampe.",
    "Auf der Startseite, im Bereich Konto, klicken Sie auf Abmelden.",
])
def test_the_verb_after_two_lead_clauses_makes_an_instruction(text):
    assert is_instruction(text, step_rules(), strict=True)


@pytest.mark.parametrize("text", [
    "In the box, under the lid, the lamp keeps its spare bulb.",
    "Sur la lampe, dans le coin, une étiquette indique le modèle.",
])
def test_two_lead_clauses_before_a_statement_make_no_instruction(text):
    assert not is_instruction(text, step_rules())


def test_a_numbered_list_whose_items_put_the_place_first_is_a_procedure():
    body = ("1. Ensuite, cliquez sur le bouton Nouvelle lampe en haut de la page.\n"
            "2. Sur la page qui s'ouvre, dans le champ Nom, entrez un nom pour la lampe.\n"
            "3. Il y a aussi un champ pour la couleur de la lampe.\n"
            "4. La nouvelle lampe apparaît alors dans la liste.\n")
    record = extract_text(article("fr", body))
    assert [len(p.steps) for p in record.procedures] == [4]


def test_bullets_under_a_heading_that_says_do_the_following_are_a_procedure():
    body = ("#### If the lamp stays dark, doing the following may help.\n\n"
            "- Unplug the lamp and wait a minute.\n- Check the bulb in its socket.\n- Plug the lamp back in.\n")
    record = extract_text("# Lamp\n\nThe lamp on the desk is the one this page is about.\n\n" + body)
    assert [len(p.steps) for p in record.procedures] == [3]


def test_bullets_of_facts_under_such_a_heading_are_not():
    body = ("#### If the lamp stays dark, doing the following may help.\n\n"
            "- The bulb is rated for two years.\n- The socket is made of ceramic.\n- The cord is two metres long.\n")
    assert extract_text("# Lamp\n\nThe lamp on the desk is the one this page is about.\n\n" + body).procedures == []


def test_bullets_after_here_is_my_workflow_are_a_procedure_when_they_are_actions():
    intro = "# Lamp\n\nThe lamp on the desk is the one this page is about.\n\nHere's my current workflow (details below):\n\n"
    steps = extract_text(intro + "- Unplug the lamp.\n- Wipe the shade with a dry cloth.\n- Plug the lamp back in.\n")
    assert [len(p.steps) for p in steps.procedures] == [3]
    tools = extract_text(intro + "- A dry cloth from the kitchen.\n- The small brush of the vacuum.\n- Ten quiet minutes.\n")
    assert tools.procedures == []


# -- docs-held6: blog posts from sites never seen ------------------------------------------------------

def test_a_numbered_list_after_in_n_steps_is_kept_though_few_verbs_are_known():
    # only "Selecciona" is in the word lists: a quarter of the items; the lead-in says steps follow
    items = ("1. **Piensa en la zona** que vas a iluminar.\n2. Selecciona la lámpara en el menú.\n"
             "3. ¡Usemos el temporizador!\n4. ¡Disfruta de la luz!\n")
    record = extract_text(article("es", "Vamos a dividir el proceso en 4 sencillos pasos:\n\n" + items))
    assert [len(p.steps) for p in record.procedures] == [4]
    assert extract_text(article("es", "Estos son mis recuerdos favoritos:\n\n" + items)).procedures == []


def test_bullets_under_a_heading_written_as_an_infinitive_task_are_a_procedure():
    body = ("### Limpiar la lámpara\n\n- Desenchufa la lámpara.\n- Limpia la pantalla con un paño seco.\n"
            "- Enchufa la lámpara de nuevo.\n")
    assert [len(p.steps) for p in extract_text(article("es", body)).procedures] == [3]
    facts = ("### Limpiar la lámpara\n\n- La pantalla es de tela.\n- El cable mide dos metros.\n- La bombilla dura años.\n")
    assert extract_text(article("es", facts)).procedures == []


def test_numbered_headings_under_a_heading_that_names_steps_are_its_steps():
    body = ("## 安装步骤\n\n### 1. 下载安装包\n\n从官网下载。\n\n### 2. 运行安装程序\n\n双击文件。\n\n"
            "### 3. 重启电脑\n\n完成后重启。\n")
    record = extract_text(article("zh", body))
    assert steps(record) == ["下载安装包", "运行安装程序", "重启电脑"]
    tips = ("## 台灯的小知识\n\n### 1. 下载安装包\n\n从官网下载。\n\n### 2. 运行安装程序\n\n双击文件。\n")
    assert extract_text(article("zh", tips)).procedures == []


@pytest.mark.parametrize("code, sequence, sections, expected", [
    # noun labels ("…の確認", "…の設定") whose sections hold the command or say what to do
    ("ja", "導入手順", ["### 1. 電源の確認\n\nまず、電源が入っているか確認します。", "### 2. アプリの設定\n\n```sh\nlampctl init\n```",
                       "### 3. 動作の確認\n\n```sh\nlampctl status\n```"], 3),
    # labels over sections that only describe: no steps
    ("zh", "安装步骤", ["### 1. 电源的原理\n\n这盏灯用电池供电。", "### 2. 应用的概况\n\n这个应用是免费的。",
                       "### 3. 颜色的种类\n\n台灯一共有三种颜色。"], 0),
])
def test_numbered_labels_under_a_sequence_heading_are_steps_when_their_sections_act(code, sequence, sections, expected):
    body = f"## {sequence}\n\n" + "\n\n".join(sections) + "\n"
    record = extract_text(article(code, body))
    assert [len(p.steps) for p in record.procedures] == ([expected] if expected else [])


@pytest.mark.parametrize("code, label, steps_, lead_in, things", [
    ("fr", "Étape", [("Débrancher la lampe", "Débranchez la lampe et laissez-la refroidir."),
                     ("Nettoyer l'abat-jour", "Passez un chiffon sec sur l'abat-jour."),
                     ("Rebrancher la lampe", "Rebranchez la lampe et allumez-la.")],
     "Quelques avantages d'une lampe propre :", ["Une lumière plus vive", "Moins de poussière sur le bureau"]),
    ("zh", "步骤", [("拔下插头", "先拔下台灯的插头，等灯泡冷却。"), ("擦拭灯罩", "用干布擦拭灯罩。"), ("插上插头", "重新插上插头并打开台灯。")],
     "干净的台灯有这些好处：", ["灯光更明亮", "桌面灰尘更少"]),
])
def test_a_list_of_things_after_the_last_step_heading_is_the_articles(code, label, steps_, lead_in, things):
    body = "".join(f"## {label} {n} : {title}\n\n{text}\n\n" for n, (title, text) in enumerate(steps_, 1))
    items = "".join(f"- {t}\n" for t in things)
    record = extract_text(article(code, f"{body}{lead_in}\n\n{items}"))
    assert [(s.text, [sub.text for sub in s.substeps]) for s in record.procedures[0].steps] == [(t, []) for t, _ in steps_]


def test_bullets_of_nothing_but_actions_under_a_numbered_heading_are_its_steps():
    body = ("### 2. Under Windows\n\n- Go to Settings > Display.\n- Click the lamp icon.\n- Select Off.\n")
    record = extract_text("# Lamp\n\nThe lamp on the desk is the one this page is about.\n\n" + body)
    assert [len(p.steps) for p in record.procedures] == [3]
    advice = ("### 2. Putting the lamp too close\n\n- Move the lamp back.\n- The shade gets hot.\n- Glare tires the eyes.\n")
    assert extract_text("# Lamp\n\nThe lamp on the desk is the one this page is about.\n\n" + advice).procedures == []


def test_a_shortcode_between_the_lead_in_and_its_list_is_furniture():
    body = ("Así se hace en tres pasos:\n\n\\[unordered\\_list style=\"tick\"\\]\n\n"
            "- Selecciona la lámpara.\n- Pulsa el botón redondo.\n- Espera la luz verde.\n\n\\[/unordered\\_list\\]\n")
    record = extract_text(article("es", body))
    assert [len(p.steps) for p in record.procedures] == [3]
    assert "unordered_list" not in record.content.text


def test_a_step_word_of_another_language_is_no_label_where_it_means_something_else():
    """"Fase" is a step in Italian and a phase in Dutch: a Dutch article's "Fase N" headings name the phases of a
    plan, an Italian article's are its steps."""
    phases = ("## Fase 1: de lamp hangt nog\n\nIn deze fase is de lamp nog heel en het licht is mooi in de kamer.\n\n"
              "## Fase 2: de lamp is oud\n\nDe lamp wordt met de jaren wat donkerder en dat is niet erg voor u.\n")
    dutch = extract_text(f"# Het leven van een lamp\n\n{INTRO['nl']}\n\n{phases}")
    assert dutch.procedures == []
    italian = extract_text(f"# Pulire la lampada\n\n{INTRO['it']}\n\n## Fase 1: spegni la lampada\n\n"
                           "Stacca la spina e aspetta che si raffreddi.\n\n## Fase 2: pulisci il vetro\n\n"
                           "Usa un panno morbido e asciutto.\n")
    assert [p.title for p in italian.procedures] and len(italian.procedures[0].steps) == 2


def test_german_steps_written_as_infinitives_of_verbs_no_list_knows():
    # the verb last and small, nouns capitalised: "umsetzen", "sichern", "entkalken" are in no verb list
    body = ("Starte am besten mit dieser Reihenfolge:\n\n"
            "1. **Eine Lampe auswählen:** zum Beispiel die im Flur.\n"
            "2. **Den Schirm vorsichtig abnehmen:** er sitzt nur auf einem Ring.\n"
            "3. **Das Glas gründlich entkalken:** mit Essigwasser und einem weichen Tuch.\n")
    assert len(steps(extract_text(article("de", body)))) == 3
    german = default_rules().words_for("de")
    assert is_instruction("Eine konkrete Maßnahme umsetzen: Tarif wechseln.", german)
    for statement in ("Preise steigen.", "Du musst nicht jede Lampe sofort ändern.", "Manche Modelle können warten.",
                      "Um Strom zu sparen:"):
        assert not is_instruction(statement, german)
    assert not is_instruction("The lamp gets broken.", default_rules().words_for("en"))


def test_japanese_steps_in_the_plain_form_are_a_procedure():
    # manuals write steps in the dictionary form ("...を開く", "...を接続する"), not only "...します"
    body = ("電源を入れる前に、以下の手順を完了してください。\n\n1. 設定アプリを開く\n2. ランプのボタンを3秒間押す\n"
            "3. 一覧からランプを選択する\n4. 「接続しました」と表示される\n5. ケーブルを再び接続する\n")
    record = extract_text(article("ja", body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 5


def test_japanese_statements_in_the_plain_form_are_not_steps():
    body = "1. この図はランプの仕組みを示す。\n2. ランプは三つの色をサポートする。\n3. 明るさを変えることができる。\n"
    assert extract_text(article("ja", body)).procedures == []


def test_italian_steps_that_locate_and_scroll_are_a_procedure():
    body = ("Per iniziare apri la pagina delle impostazioni della lampada.\n\n"
            "1. Localizza l'icona della lampada nella barra e cliccala.\n"
            "2. Premi l'icona dell'ingranaggio.\n3. Scorri l'elenco e attiva la luce che ti serve.\n")
    record = extract_text(article("it", body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 3


@pytest.mark.parametrize("code, title, headings", [
    ("id", "3 Langkah Membersihkan Lampu", ["1. Cabut lampu", "2. Lap kaca lampu", "3. Pasang lagi lampu"]),
    ("fr", "Trois étapes pour une lampe propre", ["1. Débrancher la lampe", "2. Essuyer le verre", "3. Rebrancher la lampe"]),
])
def test_numbered_headings_under_an_n_steps_title_are_its_steps(code, title, headings):
    body = "".join(f"## {h}\n\n{INTRO[code]}\n\n" for h in headings)
    record = extract_text(f"# {title}\n\n{INTRO[code]}\n\n{body}")
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 3


@pytest.mark.parametrize("code, body", [
    ("zh", "1、拔下台灯的电源插头。\n\n2、用干布擦拭灯罩。\n\n3、重新插上插头，然后打开台灯。\n"),
    ("zh", "1、拔下台灯的电源插头。\n2、用干布擦拭灯罩。\n3、重新插上插头，然后打开台灯。\n"),
    ("zh", "（1）拔下台灯的电源插头。\n\n（2）用干布擦拭灯罩。\n\n（3）重新插上插头，然后打开台灯。\n"),
    ("zh", "1．拔下台灯的电源插头。\n\n2．用干布擦拭灯罩。\n\n3．重新插上插头，然后打开台灯。\n"),
    ("ja", "①電源プラグを抜きます。\n\n②柔らかい布で拭きます。\n\n③電源プラグを差し込みます。\n"),
    # a Latin full stop with no space before the Chinese or Japanese word: no Markdown list, numbered all the same
    ("zh", "1.拔下台灯的电源插头。\n\n2.用干布擦拭灯罩。\n\n3.重新插上插头，然后打开台灯。\n"),
    ("ja", "1.電源プラグを抜きます。\n\n2.柔らかい布で拭きます。\n\n3.電源プラグを差し込みます。\n"),
    # a deploy note: each numbered paragraph has its command under it; pulling and viewing are actions too
    ("zh", "1、拉取台灯服务的镜像\n\n```\ndocker pull lamp\n```\n\n2、查看本地的镜像\n\n```\ndocker images\n```\n\n"
           "3、启动台灯服务\n\n```\ndocker run -d lamp\n```\n"),
])
def test_paragraphs_numbered_with_chinese_and_japanese_marks_are_steps(code, body):
    record = extract_text(article(code, body))
    assert len(record.procedures) == 1
    assert [step.number for step in record.procedures[0].steps] == [1, 2, 3]


def test_paragraphs_numbered_with_chinese_marks_that_state_facts_are_no_procedure():
    body = "1、灯罩是玻璃做的。\n2、灯泡很便宜。\n3、这盏灯很好看。\n"
    assert extract_text(article("zh", body)).procedures == []


@pytest.mark.parametrize("code, body", [
    ("en", "First step: unplug the lamp.\n\nSecond step: wipe the glass.\n\nThird step: plug it in again.\n"),
    ("fr", "Première étape : débranchez la lampe.\n\nDeuxième étape : essuyez le verre.\n\nTroisième étape : rebranchez-la.\n"),
    ("de", "Erster Schritt: Ziehen Sie den Stecker.\n\nZweiter Schritt: Wischen Sie das Glas ab.\n\nDritter Schritt: Stecken Sie ihn ein.\n"),
    ("es", "Primer paso: desconecta la lámpara.\n\nSegundo paso: limpia el vidrio.\n\nTercer paso: conecta la lámpara.\n"),
    ("pt", "Primeiro passo: desligue a lâmpada.\n\nSegundo passo: limpe o vidro.\n\nTerceiro passo: ligue a lâmpada.\n"),
    ("nl", "Eerste stap: trek de stekker eruit.\n\nTweede stap: veeg het glas schoon.\n\nDerde stap: steek de stekker erin.\n"),
    ("id", "Langkah pertama: cabut lampu.\n\nLangkah kedua: lap kacanya.\n\nLangkah ketiga: colokkan lagi.\n"),
])
def test_ordinal_step_labels_in_every_language(code, body):
    record = extract_text(article(code, body))
    assert len(record.procedures) == 1
    assert [step.number for step in record.procedures[0].steps] == [1, 2, 3]


@pytest.mark.parametrize("text", ["First step is to learn how the lamp works.", "Der erste Schritt ist der schwerste.",
                                  "La première étape est la plus simple."])
def test_an_ordinal_step_in_a_sentence_is_no_label(text):
    assert not step_rules().step_label.match(text)


def test_japanese_plain_form_steps_with_de_and_ru_verbs():
    body = "1. 電源を切る\n2. 柔らかい布で拭く\n3. カバーを閉じる\n"
    record = extract_text(article("ja", body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 3


def test_dutch_bullets_after_follow_these_steps_with_haal():
    body = "Volg deze stappen:\n\n- Haal de stekker eruit.\n- Neem een droge doek.\n- Draai het lampje los.\n"
    record = extract_text(article("nl", body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 3


@pytest.mark.parametrize("code, body", [
    ("de", "- **Schritt 1:** Ziehen Sie den Stecker.\n- **Schritt 2:** Wischen Sie das Glas ab.\n- **Schritt 3:** Stecken Sie ihn ein.\n"),
    ("fr", "- Étape 1 : débranchez la lampe.\n- Étape 2 : essuyez le verre.\n- Étape 3 : rebranchez la lampe.\n"),
    ("id", "* **Langkah 1:** Cabut lampu.\n* **Langkah 2:** Lap kacanya.\n* **Langkah 3:** Masuk ke menu Pengaturan.\n"),
])
def test_bullets_that_each_open_with_a_step_label_are_the_steps(code, body):
    record = extract_text(article(code, body))
    assert len(record.procedures) == 1
    assert [step.number for step in record.procedures[0].steps] == [1, 2, 3]
    assert not record.procedures[0].steps[0].text.lower().startswith(("schritt", "étape", "langkah"))


def test_bullets_whose_labels_do_not_count_on_are_not_steps():
    body = "- Schritt 1: die Idee\n- Schritt 1: noch eine Idee\n- Schritt 4: eine dritte Idee\n"
    assert extract_text(article("de", body)).procedures == []


def test_numbered_items_that_open_with_a_label_are_read_after_it():
    # "Üben: Sammle ..." names the step, then says what to do (German du-imperatives)
    body = ("## Dein Plan: In 4 Schritten zur sauberen Lampe\n\n1. **Vorbereiten:** Nutze ein weiches Tuch\n"
            "2. **Reinigen:** Wische das Glas sanft ab\n3. **Prüfen:** Schau nach Streifen\n4. **Sammeln:** Sammle die Tücher ein\n")
    record = extract_text(article("de", body))
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 4


def test_labelled_items_that_describe_stay_no_procedure():
    body = "1. **Fast:** The lamp warms up in a second.\n2. **Bright:** It lights the whole room.\n3. **Cheap:** It costs little.\n"
    assert extract_text(article("en", body)).procedures == []


# -- steps written in the first person plural, and under a heading that names the task ------------------

@pytest.mark.parametrize("code, body", [
    ("es", "## La limpieza\n\n1. Desenchufamos la lámpara.\n2. Pasamos un paño seco por la pantalla.\n"
           "3. Ahora pulsamos el botón redondo.\n4. Guardamos el paño en el cajón.\n"),
    ("it", "## La pulizia\n\n1. Stacchiamo la spina.\n2. Apriamo il coperchio.\n3. Puliamo il vetro.\n"
           "4. Chiudiamo il coperchio.\n"),
    ("pt", "## A limpeza\n\n1. Desligamos a lâmpada.\n2. Abrimos a tampa.\n3. Limpamos o vidro.\n"
           "4. Fechamos a tampa.\n"),
])
def test_steps_in_the_first_person_plural_are_steps(code, body):
    record = extract_text(article(code, body), "lamp.md")
    assert len(record.procedures) == 1 and len(record.procedures[0].steps) == 4


@pytest.mark.parametrize("text", ["Abrimos el panel de ajustes.", "Ahora seleccionamos la carpeta.",
                                  "Hay que pulsar el botón redondo.", "Clicchiamo su Salva.", "Clicamos em Salvar.",
                                  "Se pulsa el botón redondo.", "Luego se selecciona la carpeta.", "Si clicca su Salva.",
                                  "Clica-se em Salvar."])
def test_first_person_plural_and_obligation_read_as_instructions(text):
    assert is_instruction(text, step_rules())


@pytest.mark.parametrize("text", ["Tenemos tres lámparas en casa.", "Hay tres luces en la lámpara.",
                                  "Abbiamo tre lampade.", "Se trata de una lámpara de mesa.", "Si tratta di una lampada."])
def test_first_person_plural_statements_do_not(text):
    assert not is_instruction(text, step_rules())


def test_a_numbered_list_under_a_task_heading_keeps_its_outcome_items():
    body = ("## Importar la lámpara\n\n1. Haz doble clic en el archivo lampara.ova.\n"
            "2. Esto hará que aparezca la ventana de la lámpara.\n3. El proceso durará unos minutos.\n")
    record = extract_text(article("es", body), "lamp.md")
    assert steps(record)[1].startswith("Esto hará") and len(steps(record)) == 3


def test_a_numbered_list_of_statements_under_a_task_heading_stays_no_procedure():
    body = ("Esta lámpara es la más vendida de la tienda y la usan muchas familias en su casa.\n\n"
            "## Importar la lámpara\n\n1. La lámpara pesa dos kilos.\n2. La pantalla es de vidrio.\n"
            "3. El cable mide dos metros.\n")
    assert extract_text(article("es", body), "lamp.md").procedures == []


def test_indonesian_fill_in_and_confirm_are_steps():
    body = ("## Daftar akun lampu\n\n1. **Buka halaman pendaftaran.** lalu pilih Daftar.\n"
            "2. **Isi formulir** dengan data yang benar.\n3. **Konfirmasi persetujuan** penggunaan data.\n"
            "4. Unggah foto profil.\n")
    assert len(steps(extract_text(article("id", body), "lamp.md"))) == 4


# -- advice announced as such is no procedure, in every language --------------------------------------

@pytest.mark.parametrize("code, body", [
    ("id", "Berikut ini adalah beberapa langkah yang bisa Anda ambil untuk melindungi lampu Anda.\n\n"
           "1. Gunakan Stopkontak yang Aman: Pastikan kabel tidak basah.\n2. Periksa Kabel: Ganti kabel yang rusak.\n"
           "3. Matikan Lampu: Matikan lampu saat bepergian.\n"),
    ("en", "Here are some simple tips to keep your lamp safe:\n\n1. Check the cable every month.\n"
           "2. Keep the lamp away from water.\n3. Turn the lamp off when you leave.\n"),
    ("es", "Aquí tienes algunos consejos para cuidar la lámpara:\n\n1. Revise el cable cada mes.\n"
           "2. Mantenga la lámpara lejos del agua.\n3. Apague la lámpara al salir.\n"),
])
def test_a_list_announced_as_advice_is_no_procedure(code, body):
    assert extract_text(article(code, body), "lamp.md").procedures == []


# -- step boxes written in raw HTML inside Markdown ----------------------------------------------------

BOX = '<div class="step-box">\n  <span class="badge">{label}</span>\n  <h3>{title}</h3>\n  <p>{body}</p>\n</div>\n'


def test_raw_html_step_boxes_are_the_steps():
    boxes = "\n".join(BOX.format(label=f"Langkah {n}", title=t, body=b) for n, (t, b) in enumerate([
        ("Siapkan meja", "Kosongkan permukaan meja."), ("Pasang kaki lampu", "Putar kaki lampu sampai kencang."),
        ("Colokkan kabel", "Masukkan steker lalu nyalakan lampu.")], 1))
    record = extract_text(article("id", boxes), "lamp.md")
    assert steps(record) == ["Siapkan meja Kosongkan permukaan meja.", "Pasang kaki lampu Putar kaki lampu sampai kencang.",
                             "Colokkan kabel Masukkan steker lalu nyalakan lampu."]


def test_step_boxes_with_no_blank_line_between_split_at_the_labels_that_count_on():
    boxes = "".join(BOX.format(label=f"Step {n}", title=t, body="Do it slowly.") for n, t in
                    enumerate(["Empty the shelf", "Loosen the screws", "Lift the board"], 1))
    record = extract_text(article("en", "<div class=\"steps\">\n" + boxes + "</div>\n"), "lamp.md")
    assert steps(record) == ["Empty the shelf Do it slowly.", "Loosen the screws Do it slowly.", "Lift the board Do it slowly."]


def test_a_bare_step_badge_takes_the_heading_below_as_its_text():
    body = "".join(f'<div class="step" markdown="1">\n\n<span class="badge">Paso {n}</span>\n\n### {t}\n\n'
                   f"Hazlo con cuidado.\n\n</div>\n\n" for n, t in enumerate(["Vacíe la estantería", "Afloje los tornillos",
                                                                           "Levante la tabla"], 1))
    record = extract_text(article("es", body), "lamp.md")
    assert steps(record) == ["Vacíe la estantería", "Afloje los tornillos", "Levante la tabla"]


def test_a_box_whose_text_only_mentions_a_step_is_no_step():
    body = '<div class="note">\n  <p>Step 1 of the plan is where most people stop.</p>\n</div>\n\nThe lamp is bright.\n'
    assert extract_text(article("en", body), "lamp.md").procedures == []


@pytest.mark.parametrize("code, body", [
    ("en", "## 7 simple tips for a cleaner lamp\n\n1. Check the cable every month.\n2. Keep the lamp away from water.\n"
           "3. Turn the lamp off when you leave.\n"),
    ("id", "## 7 tips menjaga lampu\n\n1. Periksa kabel setiap bulan.\n2. Jauhkan lampu dari air.\n"
           "3. Matikan lampu saat bepergian.\n"),
])
def test_a_numbered_list_under_a_n_tips_heading_is_no_procedure(code, body):
    assert extract_text(article(code, body), "lamp.md").procedures == []


# -- bulleted actions right under a heading, no lead-in sentence ----------------------------------------------

@pytest.mark.parametrize("code, heading, bullets", [
    ("zh", "准备工作", ["打开台灯的电源开关", "下载台灯应用的安装包", "双击安装包完成安装"]),
    ("ja", "アプリの準備", ["アプリを開く", "「設定」をクリックする", "明るさに「80」と入力する"]),
    ("fr", "Mise en route", ["Branchez la lampe sur le secteur", "Installez l'application de la lampe", "Ouvrez l'application"]),
])
def test_bulleted_actions_right_under_a_heading_are_its_steps(code, heading, bullets):
    items = "".join(f"- {b}\n" for b in bullets)
    record = extract_text(article(code, f"## {heading}\n\n{items}"))
    assert [[s.text for s in p.steps] for p in record.procedures] == [bullets]


@pytest.mark.parametrize("code, heading, bullets", [
    # reasons, merits: things, no verb first
    ("zh", "原因", ["灯泡老化", "电压不稳", "使用了错误的灯泡", "灯罩积灰"]),
    ("zh", "优点", ["亮度高", "寿命长", "颜色可以调节"]),
    ("ja", "メリット", ["明るさが長く続く", "電気代が安い", "色を選べる"]),
    # tips under a tips heading, actions or not
    ("zh", "小技巧", ["定期擦拭灯罩", "使用柔软的干布", "关灯后再清洁"]),
    ("ja", "掃除のコツ", ["柔らかい布を使う", "電源を切ってから拭く", "毎月掃除する"]),
    # what to know: a heading that announces knowledge, its bullets advice however they open
    ("en", "Basic lamp things to know", ["Turn the dial slowly to dim it", "Press the base twice to lock it",
                                         "Use the app to set a timer"]),
    ("de", "Gut zu wissen", ["Drehen Sie den Regler langsam", "Drücken Sie zweimal auf den Fuß",
                             "Nutzen Sie die App für den Timer"]),
    ("zh", "台灯使用须知", ["慢慢转动旋钮调暗", "按两下底座锁定", "用应用设置定时"]),
    # two actions only: a tip or two
    ("zh", "准备工作", ["打开台灯的电源开关", "下载台灯应用的安装包"]),
    # a feature's notes, one of them a tip by its label
    ("zh", "快捷键", ["打开全局快捷键", "按下新的组合键", "提示：选择一只手就能按的组合"]),
])
def test_bulleted_things_or_tips_under_a_heading_stay_out(code, heading, bullets):
    items = "".join(f"- {b}\n" for b in bullets)
    assert extract_text(article(code, f"## {heading}\n\n{items}")).procedures == []


def test_bulleted_actions_after_a_lead_in_sentence_are_left_to_the_lead_in():
    # the sentence says what the list is (here a list of ideas): the heading rule does not reach past it
    body = "## 准备工作\n\n下面是一些可以尝试的想法。\n\n- 打开台灯的电源开关\n- 下载台灯应用的安装包\n- 双击安装包完成安装\n"
    assert extract_text(article("zh", body)).procedures == []


@pytest.mark.parametrize("code, sequence, subs", [
    ("ja", "導入手順", ["#### 2-1. ユーザー名を確認", "#### 2-2. 設定ファイルを作成", "#### 2-3. 動作を確認"]),
    ("zh", "安装步骤", ["#### 2.1. 创建配置文件", "#### 2.2. 填写台灯的地址", "#### 2.3. 保存配置文件"]),
])
def test_headings_numbered_under_a_step_heading_are_its_substeps(code, sequence, subs):
    sections = "".join(f"{sub}\n\n```sh\nlampctl step {n}\n```\n\n" for n, sub in enumerate(subs, 1))
    body = (f"## {sequence}\n\n### 1. 準備 / 准备\n\n```sh\nlampctl init\n```\n\n### 2. 設定 / 配置\n\n{sections}"
            f"### 3. 起動 / 启动\n\n```sh\nlampctl start\n```\n")
    record = extract_text(article(code, body))
    assert [[sub.text for sub in s.substeps] for s in record.procedures[0].steps] == \
        [[], [sub.split(" ", 2)[2] for sub in subs], []]
