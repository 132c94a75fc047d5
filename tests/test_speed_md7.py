"""Fast paths added for issue 15 (speed-md7) give the answers of the plain ones (texts written for these tests)."""
from __future__ import annotations

from operator import itemgetter

from extractor.readers.markdown import parse_markdown, split_step_lines
from extractor.rules import default_rules
from extractor.stages import language
from extractor.stages.language import Evidence, _evidence

TEXTS = [
    "The kettle is on the stove and the tea is in the cup.",
    "Open the lid \u2014 it\u2019s \u201chot\u201d\u2026 and wait\u00a0a minute.",  # only non-word characters beyond ASCII
    "Le caf\u00e9 est pr\u00eat et la tasse est sur la table.",  # a word character beyond ASCII: the plain path
    "Der Tee ist fertig und die Tasse steht auf dem Tisch \u2013 gie\u00dfen Sie ihn ein.",
    "STRASSE und K\u212aLVIN \u0130stanbul the end",  # characters lower() turns into ASCII or combining marks
    "snake_case words_and 42 numbers2 \u00b2 \u2168 the_end",
    "\u5728\u8fd9\u91cc the \u30c6\u30b9\u30c8",
    "",
]


def _plain_evidence(text: str, words) -> Evidence:
    """``_evidence`` as it was written before the bytes split: ``\\w+`` over the lowered text."""
    cutoffs = words.cutoffs.function_words
    by_script = None if text.isascii() else language._script_language(text, words.cutoffs.script)
    if by_script:
        return Evidence(cutoffs, by_script=by_script)
    tokens = language._WORD.findall(text.lower())
    counts: dict[str, int] = {}
    for token in tokens:
        if token in words.weights:
            counts[token] = counts.get(token, 0) + 1
    scores: dict[str, float] = {}
    for word, count in counts.items():
        for lang, weight in words.weights[word].items():
            scores[lang] = scores.get(lang, 0) + weight * count
    ranked = tuple(sorted(scores.items(), key=itemgetter(1), reverse=True))
    return Evidence(cutoffs, scores=ranked, hits=sum(counts.values()), words=len(tokens))


def test_language_evidence_split_as_bytes_is_that_of_the_word_pattern():
    words = default_rules().language_words
    for text in TEXTS + [" ".join(TEXTS), "\n".join(reversed(TEXTS))]:
        assert _evidence(text, words) == _plain_evidence(text, words), text
    assert _evidence(TEXTS[1], words).hits >= 3  # "the", "it", "and", "a" counted through the bytes path


def test_step_lines_split_the_same_with_blank_lines_and_fences():
    body = "\n".join(["Intro text here.", "1. Open the box.", "", "Some text", "2. Close it.", "", "```",
                      "", "Text in code", "3. not a step", "```", "", "Last words.", "4. Done.", ""])
    text, line_map = split_step_lines(body, 5)
    lines = text.split("\n")
    assert len(lines) == len(line_map)
    # a blank line goes before "1." and "2." (they follow paragraph text), none inside the fence
    assert lines[:3] == ["Intro text here.", "", "1. Open the box."]
    assert "Some text" in lines and lines[lines.index("Some text") + 1] == ""
    assert "\n".join(lines).count("Text in code\n3. not a step") == 1
    assert [lines[i] for i, n in enumerate(line_map) if n == 5 + body.split("\n").index("4. Done.")][-1] == "4. Done."


def test_bodies_without_braces_parse_as_with_them():
    """The "{" test only skips scans: a body with template tags is still rewritten, one without is not."""
    plain = parse_markdown("Intro.\n\n1. Open the lid.\n2. Pour the water.\n")
    tagged = parse_markdown("Intro.\n\n{% raw %}\n\n1. Open the lid.\n2. Pour the water.\n")
    assert [b.kind for b in plain] == ["paragraph", "list"]
    assert [b.text for b in tagged if b.kind == "list"] == [b.text for b in plain if b.kind == "list"]
    assert [c.text for c in plain[1].children] == ["Open the lid.", "Pour the water."]
