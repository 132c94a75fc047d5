"""Step shapes met on sites nobody had tuned for: tips kept out in every language, bullets under a task
heading, the paragraph after the last step. Small articles written for the tests."""
from __future__ import annotations

from extractor import extract_text


def steps(record, index=0):
    return [step.text for step in record.procedures[index].steps]


def test_a_numbered_list_of_initial_tips_in_italian_is_not_a_procedure():
    record = extract_text(
        "# Guida alla lampada\n\nQuesta guida spiega il pannello della lampada per chi inizia a usarla.\n\n"
        "## Suggerimenti iniziali per una scrivania ordinata\n"
        "1. **Accendi la luce calda**: abilita la luce calda la sera per riposare gli occhi.\n"
        "2. **Scegli un colore per stanza**: il bianco è ideale per leggere, il giallo per la sera.\n"
        "3. **Regola ogni lampada**: diminuisci la luce dove guardi lo schermo.\n"
    )
    assert record.procedures == []


def test_hints_named_at_the_end_of_a_japanese_heading_are_not_a_procedure():
    record = extract_text(
        "# ランプのガイド\n\nこのガイドでは、ランプの設定画面と主な項目を順に紹介します。ランプの明るさや色を部屋ごとに変える方法も説明します。\n\n"
        "## 集中を保つための初回ヒント\n"
        "1. **ライトをオンにする**: メニューから、明るくしたい各部屋でライトを有効にします。\n"
        "2. **部屋ごとに色を選ぶ**: 白は読書に、黄色は夜の作業に、青は昼の作業に最適です。\n"
        "3. **明るさを整える**: 画面の近くは明るさを下げ、机の上は明るさを上げて影を抑えましょう。\n"
        "4. **操作を整える**: ショートカットを設定し、起動時の点灯も有効にしておくと便利です。\n"
    )
    assert record.procedures == []


def test_bullets_under_a_task_heading_are_steps_with_a_closing_remark_among_them():
    record = extract_text(
        "# Guida alla lampada\n\nQuesta guida spiega il pannello della lampada e le sue opzioni principali.\n\n"
        "## Aprire il pannello della lampada\n"
        "- Avvia l'app e cerca l'icona nella barra dei menu.\n"
        "- Fai clic sull'icona e scegli Impostazioni per aprire il pannello.\n"
        "- La finestra mostra tre sezioni dall'aspetto alla luce.\n\n## Altro\n\nFine del testo.\n"
    )
    assert len(record.procedures) == 1
    assert steps(record)[0] == "Avvia l'app e cerca l'icona nella barra dei menu."
    assert len(steps(record)) == 3


def test_a_chinese_paragraph_that_looks_back_at_the_steps_is_not_the_last_step():
    record = extract_text(
        "# 修复台灯\n\n台灯不亮时，可以按下面的步骤处理。\n\n## 完整步骤\n"
        "1. **拔下电源**：先拔下台灯的电源插头，等待十秒。\n"
        "2. **重新插上电源**：再次插上插头并打开开关。\n\n"
        "按照上述步骤操作后，台灯应能正常点亮。\n"
    )
    assert steps(record)[-1] == "重新插上电源：再次插上插头并打开开关。"


def test_bullets_under_a_numbered_fix_after_a_lead_in_that_says_where_are_its_steps():
    record = extract_text(
        "# Lamp works on one desk but not another\n\nA lamp that lights on one desk and not on the other is rarely broken.\n\n"
        "## Quick fixes\n\n### 1. Restart the lamp\nA restart clears the lamp's memory.\n\n"
        "### 2. Pair the lamp again\nOn your phone:\n- Open the lamp app\n- Select the lamp from the list\n- Tap Forget\n"
        "- Pair it again and enter the code\n\n### 3. Move the hub\nPut the hub closer to the desk.\n"
    )
    assert len(record.procedures) == 1
    assert record.procedures[0].title == "2. Pair the lamp again"
    assert steps(record) == ["Open the lamp app", "Select the lamp from the list", "Tap Forget", "Pair it again and enter the code"]


def test_a_lead_in_that_announces_tips_keeps_the_bullets_under_a_numbered_heading_out():
    record = extract_text(
        "# Lamp care\n\nSome words on keeping a desk lamp in good shape for years.\n\n"
        "### 2. Keep it clean\nHere are some tips:\n- Wipe the shade weekly\n- Dust the base\n- Check the cable\n"
    )
    assert record.procedures == []


def test_a_numbered_list_broken_by_a_flush_left_code_block_goes_on_at_the_next_number():
    record = extract_text(
        "# Clear the lamp queue\n\nThe lamp queue sometimes hangs and nothing shows on the lamp display.\n\n## Quick way\n\n"
        "1. Open a terminal as administrator.\n2. Type these commands one by one:\n\n```\nlamp stop\nlamp clear\n```\n\n"
        "1. Try printing again.\n\n## Why\n\nThe queue keeps broken files.\n"
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Open a terminal as administrator.", "Type these commands one by one:", "Try printing again."]
    assert record.procedures[0].steps[2].number == 3


def test_task_sub_headings_under_a_procedure_heading_are_its_steps_and_what_next_is_not():
    record = extract_text(
        "# Flouter sa maison\n\nIl existe un outil pour demander à masquer une image de votre maison.\n\n## Procédure\n\n"
        "### **Localiser la photo**\n\n* Ouvrez le site de cartes.\n  Cherchez votre adresse.\n\n"
        "### **Signaler la photo**\n\n* Cherchez le lien Signaler.\n* Cliquez dessus.\n\n"
        "### **Envoyer la demande**\n\nUne fois le formulaire rempli, envoyez-le.\n\n"
        "#### Que se passe-t-il ensuite ?\n\n* **Examen :** le service lit la demande.\n* **Réponse :** vous recevez un courriel.\n"
    )
    assert len(record.procedures) == 1
    assert record.procedures[0].title == "Procédure"
    assert steps(record) == ["Localiser la photo", "Signaler la photo", "Envoyer la demande"]
    assert [s.text for s in record.procedures[0].steps[1].substeps] == ["Cherchez le lien Signaler.", "Cliquez dessus."]
    assert record.procedures[0].steps[2].substeps == []


def test_sub_sections_with_numbered_lists_of_their_own_are_tasks_not_steps():
    record = extract_text(
        "# Lamp setup\n\nA short guide to the two things a new lamp needs before its first evening.\n\n## Procedure\n\n"
        "### Install the app\n\n1. Open the store.\n2. Search for the lamp app.\n\n"
        "### Pair the lamp\n\n1. Hold the button.\n2. Tap Pair in the app.\n"
    )
    assert [p.title for p in record.procedures] == ["Install the app", "Pair the lamp"]


def test_a_list_of_each_platforms_way_is_options_not_steps():
    record = extract_text(
        "# Open a terminal\n\nA terminal lets you type commands for the lamp tool on any computer.\n\n## Open it\n\n"
        "To open the terminal:\n\n- **Windows:** press Win+R, type cmd and press Enter.\n"
        "- **macOS:** press Cmd+Space, type Terminal and press Enter.\n- **Linux:** press Ctrl+Alt+T.\n"
    )
    assert record.procedures == []


def test_numbered_per_platform_lines_in_german_are_options_too():
    record = extract_text(
        "# Lampe einrichten\n\nEine kurze Anleitung, um die Lampe auf dem Rechner einzurichten.\n\n## Schritte\n\n"
        "1. Windows: Öffnen Sie die Systemsteuerung.\n2. macOS: Öffnen Sie die Systemeinstellungen.\n"
        "3. Linux: Öffnen Sie die Einstellungen.\n"
    )
    assert record.procedures == []


def test_one_step_that_names_a_platform_does_not_make_a_procedure_options():
    record = extract_text(
        "# Install the lamp tool\n\nA short guide to install the lamp tool.\n\n## Steps\n\n"
        "1. Download the installer.\n2. Windows: run the .exe file.\n3. Open the app.\n4. Sign in.\n"
    )
    assert len(steps(record)) == 4


def test_numbered_task_headings_under_a_how_to_title_are_its_steps():
    record = extract_text(
        "---\ntitle: How to set up the lamp app\n---\n\nThe lamp app lets you control the desk lamp from your phone.\n\n"
        "## 1. Open the settings\n\nClick the gear icon in the top bar.\n\n"
        "## 2. Pair the lamp\n\nHold the button on the lamp for five seconds until it blinks.\n\n"
        "## 3. Name the lamp\n\nType a name and save it.\n\n## Wrapping up\n\nThat is all.\n"
    )
    assert len(record.procedures) == 1
    assert steps(record) == ["Open the settings", "Pair the lamp", "Name the lamp"]


def test_numbered_task_headings_under_each_platforms_heading_are_that_platforms_steps():
    record = extract_text(
        "---\ntitle: How to install the lamp app\n---\n\nThe lamp app runs on desktops as well as on phones.\n\n"
        "## On Windows\n\n### 1. Download the installer\n\nGet it from the maker's page.\n\n"
        "### 2. Run the installer\n\nAccept the defaults.\n\n"
        "## Sous Linux\n\n### 1. Install the package\n\nUse the distribution's package manager.\n\n"
        "### 2. Start the service\n\nIt starts at boot from then on.\n\n## Why Linux is quieter\n\n"
        "### 1. Check the fan\n\nThe driver spins it less.\n\n### 2. Check the clock\n\nIt idles lower.\n"
    )
    assert [(p.title, [s.text for s in p.steps]) for p in record.procedures] == [
        ("On Windows", ["Download the installer", "Run the installer"]),
        ("Sous Linux", ["Install the package", "Start the service"])]


def test_numbered_headings_of_a_how_to_fix_title_are_alternatives():
    record = extract_text(
        "---\ntitle: How to fix a flickering lamp\n---\n\nA flickering lamp is rarely broken, and the fix is often quick.\n\n"
        "## 1. Tighten the bulb\n\nA loose bulb flickers.\n\n## 2. Replace the bulb\n\nOld bulbs flicker too.\n"
    )
    assert record.procedures == []


def test_numbered_headings_with_numbered_lists_of_their_own_are_tasks():
    record = extract_text(
        "---\ntitle: How to set up the lamp\n---\n\nA short guide for a new desk lamp and its app.\n\n"
        "## 1. Install the app\n\n1. Open the store.\n2. Search for the lamp app.\n\n"
        "## 2. Pair the lamp\n\n1. Hold the button.\n2. Tap Pair in the app.\n"
    )
    assert [p.title for p in record.procedures] == ["1. Install the app", "2. Pair the lamp"]


def test_numbered_task_headings_under_how_to_titles_in_german_indonesian_and_chinese():
    articles = {
        "---\ntitle: So richten Sie die Lampe ein\n---\n\nEine kurze Anleitung für die neue Schreibtischlampe und ihre App.\n\n"
        "## 1. Öffnen Sie die Einstellungen\n\nKlicken Sie oben auf das Symbol.\n\n## 2. Koppeln Sie die Lampe\n\n"
        "Halten Sie die Taste fünf Sekunden.\n\n## 3. Benennen Sie die Lampe\n\nGeben Sie einen Namen ein.\n":
            ["Öffnen Sie die Einstellungen", "Koppeln Sie die Lampe", "Benennen Sie die Lampe"],
        "---\ntitle: Cara mengatur lampu meja\n---\n\nPanduan singkat untuk mengatur lampu meja baru dan aplikasinya.\n\n"
        "## 1. Buka pengaturan\n\nKlik ikon di bagian atas.\n\n## 2. Pasangkan lampu\n\nTahan tombol selama lima detik.\n\n"
        "## 3. Beri nama lampu\n\nKetik sebuah nama.\n": ["Buka pengaturan", "Pasangkan lampu", "Beri nama lampu"],
        "---\ntitle: 如何设置台灯\n---\n\n这是一篇设置新台灯和应用的简短指南。\n\n## 1. 打开设置\n\n点击顶部的齿轮图标。\n\n"
        "## 2. 配对台灯\n\n按住台灯上的按钮五秒钟。\n\n## 3. 命名台灯\n\n输入一个名字并保存。\n": ["打开设置", "配对台灯", "命名台灯"],
    }
    for text, expected in articles.items():
        assert steps(extract_text(text)) == expected


def test_an_indonesian_title_of_ways_numbers_alternatives():
    record = extract_text(
        "---\ntitle: 3 Cara Mengatasi Lampu Berkedip\n---\n\nLampu yang berkedip jarang rusak, biasanya cepat diperbaiki.\n\n"
        "## 1. Kencangkan bohlam\n\nBohlam yang longgar berkedip.\n\n## 2. Ganti bohlam\n\nBohlam lama juga berkedip.\n"
    )
    assert record.procedures == []


def test_items_labelled_by_the_means_they_use_are_ways_not_steps():
    english = extract_text(
        "# Restart the lamp service\n\nThe lamp service sometimes stops and needs a restart to work again.\n\n## Restart it\n\n"
        "To restart the service:\n\n- **Using the Settings app:** open Settings, go to Services and click Restart.\n"
        "- **Using the command line:** type lamp restart and press Enter.\n"
        "- **From the tray icon:** right-click the icon and choose Restart.\n"
    )
    french = extract_text(
        "# Redémarrer le service\n\nLe service de la lampe s’arrête parfois et doit être redémarré.\n\n## Redémarrer\n\n"
        "Pour redémarrer le service :\n\n- **Par les paramètres :** ouvrez les Paramètres et cliquez sur Redémarrer.\n"
        "- **Par la ligne de commande :** tapez lamp restart.\n- **Depuis l’icône :** faites un clic droit et choisissez Redémarrer.\n"
    )
    assert english.procedures == [] and french.procedures == []


def test_a_paragraph_that_states_the_outcome_is_not_glued_to_the_last_step():
    for text, last in [
        ("---\ntitle: Comment associer la lampe\n---\n\nUn court guide pour la nouvelle lampe de bureau et son application.\n\n"
         "## Associer\n\n1. Ouvrez l'application.\n2. Maintenez le bouton de la lampe.\n3. Appuyez sur Associer.\n\n"
         "Et voilà, la lampe est prête.\n\n## Ensuite\n\nEncore quelques mots sur la lampe.\n", "Appuyez sur Associer."),
        ("---\ntitle: So koppeln Sie die Lampe\n---\n\nEine kurze Anleitung für die neue Schreibtischlampe und ihre App.\n\n"
         "## Koppeln\n\n1. Öffnen Sie die App.\n2. Halten Sie die Taste der Lampe.\n3. Tippen Sie auf Koppeln.\n\n"
         "Jetzt können Sie die Lampe mit dem Handy steuern.\n\n## Weiter\n\nNoch ein paar Worte zur Lampe.\n", "Tippen Sie auf Koppeln."),
        ("---\ntitle: How to pair the lamp\n---\n\nA short guide for the new desk lamp and its phone app.\n\n"
         "## Pair it\n\n1. Open the app.\n2. Hold the lamp button.\n3. Tap Pair.\n\nNow the lamp is ready to use.\n\n"
         "## Next\n\nMore about the lamp.\n", "Tap Pair."),
    ]:
        record = extract_text(text)
        assert steps(record)[-1] == last


def test_a_paragraph_that_goes_on_with_an_action_still_ends_the_last_step():
    record = extract_text(
        "## Pair it\n\n1. Open the app.\n2. Hold the lamp button.\n3. Tap Pair.\n\nNow you can click Save.\n\n## Next\n\nMore.\n"
    )
    assert steps(record)[-1] == "Tap Pair. Now you can click Save."


def test_a_numbered_list_of_features_is_not_a_procedure_even_in_the_imperative():
    for heading, items in [("Features", ["Dim the light with one tap.", "Set a schedule for each evening.", "Share the lamp with your family."]),
                           ("Fonctionnalités", ["Réglez la lumière d'un geste.", "Programmez un horaire pour chaque soir.",
                                                "Partagez la lampe avec votre famille."]),
                           ("機能", ["ワンタップで明るさを調整します。", "毎晩のスケジュールを設定します。", "家族とランプを共有します。"])]:
        body = "".join(f"{i}. {item}\n" for i, item in enumerate(items, 1))
        record = extract_text(f"# Lamp\n\nThe lamp app controls the desk lamp from a phone, at home or away.\n\n## {heading}\n\n{body}")
        assert record.procedures == [], heading


def test_a_japanese_lead_in_that_introduces_hints_keeps_the_list_out():
    record = extract_text(
        "# お手入れ\n\nデスクランプの短いガイドです。お手入れについても少し説明します。\n\n## お手入れ\n\n"
        "ランプを長持ちさせるためのヒントをいくつか紹介します：\n\n1. 毎週シェードを拭きます。\n2. コードを熱から離します。\n3. 外出時は電源を切ります。\n"
    )
    assert record.procedures == []


def test_actions_right_under_a_method_heading_or_line_are_that_methods_steps():
    for fixes in ("## Method 1: Restart the app\n\n", "**Method 1: Restart the app**\n\n"):
        second = fixes.replace("1: Restart", "2: Reinstall")
        record = extract_text(
            "# Fix the lamp app\n\nThe lamp app sometimes stops responding on the phone after an update.\n\n## Fixes\n\n"
            f"{fixes}- Close the lamp app.\n- Wait ten seconds.\n- Open the app again.\n\n"
            f"{second}- Delete the lamp app.\n- Download it from the store.\n- Sign in again.\n"
        )
        assert [p.title for p in record.procedures] == ["Method 1: Restart the app", "Method 2: Reinstall the app"]
        assert steps(record, 1) == ["Delete the lamp app.", "Download it from the store.", "Sign in again."]


def test_advice_under_a_method_heading_stays_out():
    record = extract_text(
        "# Fix the lamp app\n\nThe lamp app sometimes stops responding on the phone after an update.\n\n"
        "## Method 1: Keep the app healthy\n\n- The app works best on a recent phone.\n- Updates come every month.\n"
    )
    assert record.procedures == []
