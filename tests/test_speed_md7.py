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


def test_no_character_but_its_two_cases_matches_t_a_or_b_case_blind():
    """What ``_may_mark_tabs`` relies on: a case-blind "tab" matches only text whose lower case holds "tab"."""
    import re
    import sys

    for letter in "tab":
        pattern = re.compile(letter, re.IGNORECASE)
        assert [chr(c) for c in range(sys.maxunicode + 1) if pattern.fullmatch(chr(c))] == sorted({letter, letter.upper()})


def test_tab_marks_read_with_the_gate_as_without():
    from extractor.readers.markdown import _may_mark_tabs, _tab_info

    blocks = ['<div class="ad"><!-- slot 3 --><ins data-x="1"></ins></div>', "<!-- tab -->", "<!--TABS-->",
              "<Tabs groupId=\"os\">", "<TabItem value=\"mac\">", "</Tabs>", "<!-- /tabpane -->", "<table><tr><td>a</td></tr></table>",
              "<p>Stable <b>cables</b></p>", "<!-- a comment --><TABLE></TABLE>", '<div data-tab="1"><!-- x --></div>']
    for raw in blocks:
        gated = _tab_info(raw) if "ab" in raw and _may_mark_tabs(raw) else ""
        assert gated == (_tab_info(raw) if "ab" in raw else ""), raw
    assert [_tab_info(raw) for raw in blocks[1:6]] == ["tab", "tabs", "tabs", "tab", "/tabs"]


FRONT_MATTERS = [
    'title: "Repotting a fern: a guide"\ndate: 2024-11-09T21:39:08.453Z\nupdated: 2024-11-14\ntags:\n  - ferns\n  - pots\n'
    "draft: false\nweight: 12\nratio: 0.5\nsummary: ~\nkeywords: soil, pots, water\nempty:\n",
    "title: 'It''s done'\nlist: [a, 1, 2.5, yes, null, 2020-01-02]\nnested:\n  a: 1\n",  # a nested mapping: the loader builds it
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # merge keys
    "a: &v shared\nb: *v\n",  # an anchor used twice
    "items: &l [1, 2]\nagain: *l\n",
    "1: one\ntrue: yes\n",  # keys that are not strings
    "=: value key\nk: v\n",
    "dup: first\ndup: second\nother: x\n",
    "when: 2024-13-45\n",  # a timestamp that does not construct
    "n: 0x1F\no: 0o17\nf: .inf\ng: -.NaN\ns: '0x1F'\nbig: 1_000\nsexa: 1:30\n",
    "tags: !!set {a, b}\n",
    "bin: !!binary aGVsbG8=\n",
    "- a\n- b\n",
    "just a scalar\n",
    "",
    "# only a comment\n",
    "title: Fix Error #43\nq: \"tab\\there\"\n",
    "seq_of_maps:\n  - a: 1\n  - b: 2\n",
]


def _typed(value):
    """A value with every type spelled out (1 == True == 1.0 for ==)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple, set, frozenset)):
        return (type(value).__name__, [_typed(v) for v in (sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value)])
    return (type(value).__name__, repr(value))


def test_front_matter_built_fast_is_what_the_yaml_loader_builds():
    import yaml

    from extractor.readers import front_matter

    handler = front_matter._YAMLHandler()
    for raw in FRONT_MATTERS:
        try:
            expected = ("ok", _typed(yaml.load(raw, Loader=front_matter.SafeLoader)))
        except Exception as exc:  # noqa: BLE001 (the same error either way)
            expected = ("error", type(exc).__name__, str(exc))
        try:
            got = ("ok", _typed(handler.load(raw)))
        except Exception as exc:  # noqa: BLE001
            got = ("error", type(exc).__name__, str(exc))
        assert got == expected, raw
    # the common shape is built by _plain_mapping itself, the others fall back to the loader
    loader = front_matter.SafeLoader(FRONT_MATTERS[0])
    try:
        assert front_matter._plain_mapping(loader, loader.get_single_node())["tags"] == ["ferns", "pots"]
    finally:
        loader.dispose()
    for raw in FRONT_MATTERS[2:5]:
        loader = front_matter.SafeLoader(raw)
        try:
            assert front_matter._plain_mapping(loader, loader.get_single_node()) is None, raw
        finally:
            loader.dispose()
