"""Language detection (extractor/stages/language.py, rules in extractor/data/languages.toml)."""
from __future__ import annotations

import pytest

from extractor import extract_text
from extractor.stages.language import detect_language, detect_other_language, primary_language

# Invented sentences, one per language the detector knows.
SENTENCES = {
    "en": "Open the settings and click the network tab. If the connection is not working, you can restart the router.",
    "fr": "Ouvrez les paramètres et cliquez sur l'onglet réseau. Si la connexion ne fonctionne pas, vous pouvez redémarrer le routeur.",
    "de": "Öffnen Sie die Einstellungen und klicken Sie auf das Netzwerk. Wenn die Verbindung nicht funktioniert, können Sie den Router neu starten.",
    "es": "Abra la configuración y haga clic en la pestaña de red. Si la conexión no funciona, puede reiniciar el router con su nueva contraseña.",
    "it": "Apri le impostazioni e fai clic sulla scheda della rete. Se la connessione non funziona, puoi riavviare il router con la nuova password.",
    "pt": "Abra as configurações e clique na guia de rede. Se a conexão não funcionar, você pode reiniciar o roteador com a sua nova senha.",
    "nl": "Open de instellingen en klik op het tabblad netwerk. Als de verbinding niet werkt, kunt u de router opnieuw opstarten met het wachtwoord.",
    "id": "Buka pengaturan dan klik tab jaringan. Jika koneksi tidak berfungsi, anda bisa memulai ulang router dengan kata sandi yang baru untuk perangkat ini.",
    "zh": "打开设置并点击网络选项卡。如果连接不起作用，您可以重新启动路由器并使用新密码再试一次。",
    "ja": "設定を開いてネットワークのタブをクリックします。接続できない場合は、ルーターを再起動してください。",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_each_language_is_told_apart(language):
    assert detect_language(SENTENCES[language]) == language


LANGUAGE_SETS = [frozenset({"en"}), frozenset({"en", "fr"}), frozenset({"en", "de", "nl"}), frozenset({"en", "ja"}),
                 frozenset(SENTENCES)]
SHORT_TEXTS = [*SENTENCES.values(), "Vous aimerez aussi", "Das könnte dich auch interessieren", "Read more",
               "a la carte", "in de la", "Model X200", "", "関連記事", "相关文章", "die in a", "de"]


@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids=lambda s: "+".join(sorted(s)))
def test_another_language_is_detected_as_detect_language_detects_it(languages):
    # the set test that skips counting gives detect_language's answer whenever it is outside ``languages``
    for text in SHORT_TEXTS:
        for min_hits in (1, None):
            found = detect_language(text, min_hits=min_hits)
            assert detect_other_language(text, languages, min_hits=min_hits) == (None if found in languages else found)


def test_too_little_text_is_not_guessed():
    assert detect_language("Model X200") is None
    assert detect_language("") is None
    assert detect_language("・・・") is None  # kana-range punctuation, no letter at all


def test_metadata_language_is_filled_when_the_front_matter_has_none():
    record = extract_text(f"# Titre\n\n{SENTENCES['fr']}\n\n1. Ouvrez le menu.\n2. Cliquez sur Enregistrer.\n")
    assert record.metadata.language == "fr"


def test_front_matter_language_is_kept():
    record = extract_text(f"---\nlang: en-GB\n---\n\n# T\n\n{SENTENCES['de']}\n")
    assert record.metadata.language == "en-GB"


def test_primary_language_of_a_tag():
    assert primary_language("fr-FR") == "fr" and primary_language("pt_BR") == "pt" and primary_language(None) is None


def test_an_english_widget_on_a_french_page_is_still_furniture():
    record = extract_text(f"# Titre\n\n{SENTENCES['fr']}\n\nLire aussi : [Comment choisir](https://a.example/c)\n\n"
                          "Was this article helpful?\n")
    assert record.metadata.language == "fr"
    assert {b.rule for b in record.boilerplate} >= {"label-link", "rating-question"}
    assert "Lire aussi" not in record.content.text and "helpful" not in record.content.text


def test_a_widget_in_another_language_on_an_english_page_is_read_in_its_own_language():
    record = extract_text(f"# Lamp care\n\n{SENTENCES['en']}\n\nVous aimerez aussi\n\n"
                          "Abonnieren Sie unseren Newsletter für neue Tipps.\n\n当サイトではCookieを使用しています。\n")
    assert record.metadata.language == "en"
    assert [b.rule for b in record.boilerplate] == ["related-lead-in", "newsletter-prompt", "cookie-consent"]


def test_an_english_sentence_is_not_judged_by_another_language_s_phrases():
    # "Affiliate links" is a loanword in other languages' disclosure patterns; in English this is prose
    text = "We asked how affiliate links work in a small shop and wrote down what the owner told us."
    record = extract_text(f"# Shops\n\n{SENTENCES['en']}\n\n{text}\n")
    assert text in record.content.text


def test_ascii_words_split_as_the_word_pattern_finds_them():
    """``detect_other_language`` splits an ASCII text with ``translate`` (issue 15): the same words."""
    import random

    from extractor.stages.language import _ASCII_NON_WORD, _WORD

    rng = random.Random(15)
    alphabet = [chr(code) for code in range(128)]
    texts = ["Don't-stop: a_b c1 (d) e.f", "", "  ", "\x00\x7f\t\n"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60))) for _ in range(2000)]
    for text in texts:
        assert text.lower().translate(_ASCII_NON_WORD).split() == _WORD.findall(text.lower()), repr(text)


def test_a_text_whose_other_language_words_an_article_language_counts_too_reads_as_detected_in_full():
    """``detect_other_language`` stops early when one of the article's languages counts every function word of
    another language the text holds (English shares "is", "as", "no" with others): its answer is that of the
    whole count, on texts made of the rules' own function words in many mixes."""
    import random

    from extractor.rules import default_rules
    from extractor.stages.language import read_evidence

    weights = default_rules().language_words.weights
    shared = sorted(w for w, by_lang in weights.items() if "en" in by_lang and len(by_lang) > 1)
    other = sorted(w for w, by_lang in weights.items() if "en" not in by_lang)
    assert "is" in shared and other
    rng = random.Random(7)
    checked = 0
    for _ in range(400):
        words = [rng.choice(shared) for _ in range(rng.randint(1, 6))] + rng.sample(other, rng.randint(0, 3)) \
            + ["the", "lamp"] * rng.randint(0, 2)
        rng.shuffle(words)
        text = " ".join(words)
        for languages in LANGUAGE_SETS:
            for min_hits in (1, 2, 3):
                found = read_evidence(text).language(min_hits)
                assert detect_other_language(text, languages, min_hits=min_hits) == (None if found in languages else found)
                checked += 1
    assert checked == 400 * len(LANGUAGE_SETS) * 3


def test_ascii_block_without_another_languages_words_is_answered_from_its_bytes(monkeypatch):
    """An ASCII block none of whose words (any case, any punctuation) is a function word of another language is
    answered from its bytes: its words as a list of str are not built. Blocks that hold one still are, and
    every answer is the one the str words give."""
    from extractor.rules import default_rules
    from extractor.stages import language

    rules = default_rules()
    en = frozenset({"en"})
    texts = ["Click the blue button, then wait.", "WAIT FOR IT -- done!", "Der Hund und die Katze sind hier.",
             "Les chats et les chiens; LES OISEAUX.", "", "x_1 y-2 (z3)"]
    expected = [language.detect_other_language(t, en, rules, min_hits=2) for t in texts]
    assert expected[2] == "de" and expected[3] == "fr" and expected[0] is None

    class Refuses(dict):
        def __getitem__(self, key):
            raise AssertionError("str words built")

    monkeypatch.setattr(language, "_ASCII_NON_WORD", Refuses(language._ASCII_NON_WORD))
    assert language.detect_other_language(texts[0], en, rules, min_hits=2) is None
    with pytest.raises(AssertionError, match="str words built"):
        language.detect_other_language(texts[2], en, rules, min_hits=2)
    monkeypatch.undo()
    assert [language.detect_other_language(t, en, rules, min_hits=2) for t in texts] == expected
