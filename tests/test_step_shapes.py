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
