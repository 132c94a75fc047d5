"""Speed paths of the HTML reader and the stages give the answers of the plain ones (examples written for these tests)."""
from __future__ import annotations

from lxml import etree

from extractor.readers import html_main, html_steps
from extractor.readers.html import parse
from extractor.rules import default_rules, using

PAGE = """<html><body><nav role="navigation"><a href="/">Home</a> <a href="/about">About us</a></nav>
<main id="page-47"><article class="entry post-123">
<h1>Repotting a fern</h1><p>Choose a pot one size up, with   a drainage hole.  Water the fern the day before.</p>
<p>Lift it out, <a href="/soil">loosen the roots</a>, and set it at the same depth.</p>
<aside class="card-9 x">Related: <a href="/a">ferns</a> <a href="/b">pots</a></aside>
<div class="share-bar"><a href="/s">Share</a></div><footer id="f-1">Written by a gardener</footer>
<section role="complementary" class="zz-81">More to read</section><span class="  ">caf\u00e9\u00a0menu</span>
</article></main></body></html>"""


def test_measures_inside_a_fixed_tree_are_the_plain_ones():
    body = parse(PAGE).find("body")
    elements = list(body.iter(etree.Element))
    plain = [(html_main.text_length(el), html_main.link_density(el)) for el in elements]
    with html_main.fixed_tree():
        first = [(html_main.text_length(el), html_main.link_density(el)) for el in elements]
        again = [(html_main.text_length(el), html_main.link_density(el)) for el in reversed(elements)][::-1]
    assert first == again == plain
    assert any(length for length, _ in plain) and any(density for _, density in plain)


def test_region_verdict_of_names_no_rule_reads_is_that_of_tag_and_role():
    """Names that no class/id rule reads (``post-123``, ``zz-81``) leave the tag and role to decide; the
    verdict is the same whether the memo was asked about the tag and role before or not."""
    rules = default_rules()
    with using(rules):
        html = rules.html
        body = parse(PAGE).find("body")
        elements = list(body.iter(etree.Element))
        cold = []
        for el in elements:
            html_main._verdicts.clear()
            html_main._verdicts.owners.clear()
            cold.append(html_main.region_verdict(el, html))
        warm = [html_main.region_verdict(el, html) for el in elements]
        warm_again = [html_main.region_verdict(el, html) for el in reversed(elements)][::-1]
        expected = [_slow_verdict(el, html) for el in elements]
    assert cold == warm == warm_again == expected
    kinds = {el.get("class") or el.get("id") or el.tag: v for el, v in zip(elements, expected)}
    assert kinds["zz-81"] is not None and kinds["zz-81"][1] == "sidebar"  # by its role
    assert kinds["share-bar"] is not None and kinds["page-47"] is None


def _slow_verdict(el, html):
    """Every region rule in order, each asked about the tag, the role and the class/id names."""
    role = (el.get("role") or "").lower()
    names = ""
    if el.tag in html_main._CLASS_RULE_TAGS:
        names = f"{el.get('class') or ''} {el.get('id') or ''}".strip()
    protected = bool(names) and html.protect.pattern.search(names) is not None
    for rule in html.region:
        if el.tag in rule.tags or (role and role in rule.roles):
            return rule.kind, rule.name
        if names and not protected and rule.pattern is not None and rule.pattern.search(names):
            return rule.kind, rule.name
    return None


def test_word_limit_counts_as_findall_in_spaced_text_and_cjk_by_characters():
    from extractor.data.furniture import furniture_rules
    from extractor.stages.furniture import _WORDS, _at_most_words

    settings = furniture_rules().settings
    texts = ["", "   ", "Thanks!", "Thanks for reading, see you soon", "one two three four", "one two three four five",
             "l\u2019\u00e9t\u00e9 \u2014 caf\u00e9_au-lait 42", "a_b c-d e.f g,h i j k"]
    for text in texts:
        for limit in range(0, 8):
            assert _at_most_words(text, limit, settings) == (len(_WORDS.findall(text)) <= limit), (text, limit)
    # Chinese counts by its characters, two to a word (cjk_chars_per_word): four are two words, six three
    assert _at_most_words("\u4e2d\u6587 \u6587\u5b57", 2, settings)
    assert not _at_most_words("\u4e2d\u6587\u6587\u5b57\u5b57\u5b57", 2, settings)


def test_survey_names_the_elements_a_full_label_search_names():
    """The survey skips a label none of whose parts (class, id, itemprop) holds an instructions word's start;
    the elements it names are those the whole label's search names."""
    from extractor.readers import html_steps

    page = """<html><body><div class="wrap" id="x1"><div class="recipe-steps">a</div>
<div class="card" id="method-7">b</div><div class="car" itemprop="recipeInstructions">c</div>
<div class="instructions-box" id="caf\u00e9">d</div><div id="\u00e9tapes">e</div><section class="x y" id="z">f</section>
<div class="wprm-recipe-instructions-container">g</div><div class="nav-cooking-methods" id="m">h</div></div></body></html>"""
    rules = default_rules()
    with using(rules):
        root = parse(page)
        named = html_main.survey(root, rules.html).named
        pattern = rules.html_steps.instructions
        expected = [el for el in root.iter(etree.Element) if el.tag not in html_steps.NEVER_CONTAINERS
                    and (el.get("class") or el.get("id") or el.get("itemprop"))
                    and pattern.pattern_object.search(html_steps.names(el))]
        assert named == expected and len(named) >= 4


SCORED_PAGE = """<html><body><div class="wrap"><div class="col">
<div class="part"><p>First part, with commas, here, and there, of a long enough paragraph to count as one.</p>
<p>Its second paragraph, also long enough to count, with a comma or two, and a <a href="/x">link</a> inside.</p></div>
<div class="part"><p>Second part, as long as the first, with commas, here, and there, of a long enough paragraph.</p>
<p>Its second paragraph, also long enough to count, with a comma or two, and a <a href="/y">link</a> inside.</p></div>
<ul class="links"><li><a href="/1">A link that is long enough to count as a paragraph of its own here</a></li>
<li><a href="/2">Another link that is long enough to count as a paragraph of its own</a></li></ul>
<h2>A heading that is long enough to count as a paragraph, with a comma, if it were one</h2>
</div><div class="side"><p>A short aside that still counts as a paragraph, just about, with a comma.</p></div>
</div></body></html>"""


def test_lazy_scores_read_as_the_full_table():
    """``Scores`` measures a container only when its score is read; its best container, its ranking down to
    a share of the best, and each score are those of the full table ``score_candidates`` gives (ties included)."""
    rules = default_rules()
    with using(rules):
        html = rules.html
        for page in (SCORED_PAGE, PAGE):
            body = parse(page).find("body")
            full = html_main.score_candidates(body, {}, html)
            assert len(full) >= 3
            best = max(full, key=full.get)
            for share in (1.0, 0.75, 0.2, 0.0, -1.0):
                scores = html_main.Scores(html_main._points(body, {}, html), html)
                assert scores.best() is best
                floor = share * full[best]
                ranked = [kv for kv in sorted(full.items(), key=lambda kv: -kv[1]) if kv[1] >= floor]
                assert scores.ranked(floor) == ranked
                assert len(scores) == len(full) and all(el in scores and scores[el] == s for el, s in full.items())
                assert scores.get(body.getparent(), "none") == "none"


MIXED_ATTRIBUTES = """<html><head><meta class="sr-only" content="x"></head><body>
<div class="recipe-steps" id="s1"><p class="sr-only">a</p><p class="sr-only" style="color: red">b</p></div>
<div class="method" role="main"><span class="hidden" itemprop="step">c</span></div>
<section id="instructions" href="/x" data-x="1"><ol class="steps" hidden><li>d</li></ol></section>
<div itemscope itemtype="https://schema.org/HowTo" class="card visually-hidden" aria-controls="p1 p2">e</div>
<div style="display: none" class="directions">f</div><a class="steps" href="/y">g</a><b id="preparation">h</b>
<div class="plain" id="x-9" title="t">i</div><div itemprop="recipeInstructions" class="box">j</div></body></html>"""


def test_survey_takes_the_short_way_only_where_the_long_one_answers_alike():
    """Elements that carry only class, id and attributes the survey does not read take a short way through the
    survey; its lists are what the attributes say, element by element, whatever else an element carries."""
    rules = default_rules()
    with using(rules):
        root = parse(MIXED_ATTRIBUTES)
        found = html_main.survey(root, rules.html)
        hidden_classes = rules.html.drop.hidden_class_set
        pattern = rules.html_steps.instructions
        elements = list(root.iter(etree.Element))
        under = [el for el in elements if el.tag != "html"]  # all under the root here
        assert found.classed == [el for el in elements if not hidden_classes.isdisjoint((el.get("class") or "").split())]
        assert found.styled == [el for el in elements if el.get("hidden") is not None
                                or "display: none" in (el.get("style") or "")]
        assert found.named == [el for el in under if el.tag not in html_steps.NEVER_CONTAINERS
                               and (el.get("class") or el.get("id") or el.get("itemprop"))
                               and pattern.pattern_object.search(html_steps.names(el))]
        assert found.scopes == [el for el in under if el.get("itemscope") is not None]
        assert found.typed == [el for el in under if el.get("itemtype")]
        assert found.props == [el for el in under if el.get("itemprop")]
        assert found.mains == [el for el in under if el.get("role") == "main"]
        assert found.controlled == {"p1", "p2"}
        assert len(found.classed) == 5 and len(found.named) >= 4 and len(found.styled) == 2


STEPS_PAGE = """<html><body><div class="post"><h1>Rye crackers</h1><p>Crisp, and quick to make.</p>
<div class="recipe-card"><ul class="ingredients"><li>200 g rye flour</li><li>Water</li></ul>
<div class="recipe-instructions"><ol><li>Mix the flour and the water into a stiff dough.</li>
<li>Roll it thin and bake it for twenty minutes.</li></ol></div></div>
<ul class="tips"><li>Keep them in a tin.</li><li>They freeze well.</li></ul>
<div class="method-notes"><p>One note.</p><p>Another note.</p></div></div></body></html>"""


def test_blocks_asking_only_named_elements_for_steps_are_the_same():
    """Given the survey's elements whose labels name instructions, the block builder asks only them whether they
    are steps containers; the blocks are those it builds asking every container."""
    import dataclasses

    from extractor.readers.html_blocks import BlockBuilder

    rules = default_rules()
    with using(rules):
        root = parse(STEPS_PAGE)
        found = html_main.survey(root, rules.html)
        body = root.find("body")
        every, named = [], []
        BlockBuilder({}).convert(body, every)
        builder = BlockBuilder({}, named=found.named)
        builder.convert(body, named)
    assert [dataclasses.astuple(b) for b in every] == [dataclasses.astuple(b) for b in named]
    assert any(b.info == "html-instructions" for b in every) and builder.named


def test_source_lines_without_the_cut_ones_are_those_a_line_by_line_filter_keeps():
    import random
    from types import SimpleNamespace

    from extractor.stages.content import _source_without

    rng = random.Random(15)
    for _ in range(2000):
        count = rng.randint(0, 30)
        doc = SimpleNamespace(lines=[f"line {i}" for i in range(1, count + 1)])
        first = rng.randint(1, count + 2)
        last = rng.randint(first - 1, count + 3)
        cut = set(rng.sample(range(0, count + 5), rng.randint(0, count + 4)))
        kept = "\n".join(line for number, line in enumerate(doc.lines[first - 1:last], first) if number not in cut)
        assert _source_without(doc, first, last, cut) == kept, (count, first, last, sorted(cut))


def test_inline_text_cleaning_skips_only_texts_the_substitution_leaves_alone():
    import random

    from extractor.readers.inline import _SPACES, _clean

    rng = random.Random(15)
    alphabet = "ab. \t\u00a0\u2009\u200b\u2019"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert _clean(text) == _SPACES.sub(" ", text).strip(), repr(text)


class _Counted:
    """An XPath query of ``html_main`` that records the tags of the elements it is asked about."""

    def __init__(self, query):
        self.query, self.asked = query, []

    def __call__(self, el):
        self.asked.append(el.tag)
        return self.query(el)


LINKLESS_PAGE = """<html><body><div class="top"><p>A short note about the weather, with no link at all.</p>
<ul><li>one</li><li>two</li></ul></div><div class="menu"><a href="/a">Alpha</a> <a href="/b">Beta</a></div>
<div class="links"><p>Read <a href="/c">the long guide to tomato seedlings</a> and the rest of this long line.</p></div>
<footer><p>Plain footer text</p></footer><span></span></body></html>"""


def test_link_density_without_a_link_below_measures_nothing_and_answers_alike(monkeypatch):
    """An element with no link below it (an ``<a>`` alone counts none: its own text is not below it) has link
    density 0 whatever its text; measured or not, the answers are those of the plain measures."""
    body = parse(LINKLESS_PAGE).find("body")
    elements = list(body.iter(etree.Element))
    plain = [html_main.link_density(el) for el in elements]
    length, links = _Counted(html_main._TEXT_LENGTH), _Counted(html_main._LINK_TEXT)
    monkeypatch.setattr(html_main, "_TEXT_LENGTH", length)
    monkeypatch.setattr(html_main, "_LINK_TEXT", links)
    with html_main.fixed_tree():
        fast = [html_main.link_density(el) for el in elements]
        again = [html_main.link_density(el) for el in elements]
    assert fast == again == plain
    assert any(plain) and plain[elements.index(body.find("div"))] == 0.0
    linked = {el.tag for el in elements if next(el.iterdescendants("a"), None) is not None}
    assert set(length.asked) <= linked and set(links.asked) <= linked
    assert "p" in linked and "a" not in linked and "li" not in length.asked + links.asked


def test_regions_outside_the_main_content_without_links_are_navigation_unmeasured(monkeypatch):
    """Outside the main content, a region is a link list when most of its text is link text: with no link
    below it, it is navigation, and its text is not measured."""
    from extractor.readers import html as html_reader

    body = parse(LINKLESS_PAGE).find("body")
    regions = [el for el in body if isinstance(el.tag, str)]
    expected = []
    for el in regions:
        length = html_main.text_length(el)
        dense = length and html_main.link_density(el, length) > 0.5
        expected.append(("link_list" if dense else "navigation", "outside-main-content"))
    length = _Counted(html_main._TEXT_LENGTH)
    monkeypatch.setattr(html_main, "_TEXT_LENGTH", length)
    with html_main.fixed_tree():
        verdicts = [html_reader._verdict(el, {}) for el in regions]
    assert verdicts == expected and ("link_list", "outside-main-content") in verdicts
    assert len(length.asked) == sum(1 for el in regions if next(el.iterdescendants("a"), None) is not None) == 2


HIDDEN_PAGE = """<html><body><div class="sr-only">Skip to content</div><main><h1>Sowing beans</h1>
<p>{prose}</p><div hidden><p>A closed panel of a few words.</p></div>
<noscript>Turn on scripts to see the menu.</noscript></main></body></html>"""


def test_clean_measures_the_page_only_when_a_hidden_element_may_be_its_copy(monkeypatch):
    """A hidden element is kept as the page's copy when it holds most of its text (``page_copy``). When every
    hidden element is shorter than ``page_copy.min_chars`` none can be, and the whole page is not measured; a
    long hidden copy still is found."""
    rules = default_rules()
    prose = "Sow the beans two inches deep, a hand apart, once the soil is warm. " * 4
    with using(rules):
        root = parse(HIDDEN_PAGE.format(prose=prose))
        length = _Counted(html_main._TEXT_LENGTH)
        monkeypatch.setattr(html_main, "_TEXT_LENGTH", length)
        html_main.clean(root.find("body"), rules.html, [])
        assert length.asked == ["div"]  # the hidden panel; not the page, nor the leaves shorter than the bar
        text = " ".join(root.find("body").itertext())
        assert "Sow the beans" in text and "closed panel" not in text and "Skip to content" not in text
        copy = "<div hidden><article><p>" + prose * 3 + "</p></article></div>"
        root = parse(HIDDEN_PAGE.format(prose="Short.").replace("<main>", copy + "<main>"))
        html_main.clean(root.find("body"), rules.html, [])
        assert "body" in length.asked and root.find(".//article") is not None  # the page's copy stays


ASIDE_CARD = """<html><body><div class="recipe-instructions"><ol class="steps">
<li class="step">Whisk the eggs with the milk until smooth and pale.</li>
<li class="step">Pour the batter into a hot pan and tilt it round.</li>
<li class="step">Turn the pancake over once the edges lift.</li></ol>
<div class="recipe-notes"><ul><li>Rest the batter for an hour if you can spare it.</li>
<li>Use a thin spatula to turn it.</li></ul></div></div></body></html>"""


def test_card_items_in_its_notes_are_found_asking_each_ancestor_once(monkeypatch):
    """Whether a card's item sits in its notes or tips is answered as the plain test answers it, asking each
    element between the items and the card once."""
    rules = default_rules()
    with using(rules):
        card = parse(ASIDE_CARD).find(".//div")
        nodes = [el for el in card.iterdescendants() if isinstance(el.tag, str)]
        plain = [html_steps._in_aside(el, card) for el in nodes]
        asked = []
        real = html_steps.is_aside
        monkeypatch.setattr(html_steps, "is_aside", lambda el: asked.append(el) or real(el))
        known: dict = {}
        assert [html_steps._in_aside(el, card, known) for el in nodes] == plain
        assert any(plain) and not all(plain) and len(asked) == len(set(asked))
        assert [el.text for el in html_steps.step_elements(card)] == [li.text for li in card.iter("li")][:3]


COPY_PAGE = """<html><head><title>t</title><meta name="x" content="y"><script>var a;</script></head><body>
<noscript><div class="shell"><p>A whole readable copy of the page sits here, long enough to be its main text and
more than half of what the page says, <script>b()</script> with a script inside it and a <button>Go</button>.</p>
<p>It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. It goes on for a while about nothing in particular, so that it is long. </p></div></noscript><div itemscope itemtype="https://schema.org/Recipe"><p itemtype="">x</p>
<span itemtype="https://schema.org/Person">cook</span><style>p{}</style><iframe src="/f"></iframe></div>
<form><input name="q"><select><option>1</option></select><svg><g><path d="M0"/></g></svg></form>
<div hidden itemtype="https://schema.org/Thing">gone</div></body></html>"""


def test_dropped_and_itemtypes_from_the_survey_are_what_walking_the_cleaned_body_finds():
    """``clean`` drops the elements the survey met under the <body> (a page copy unwrapped first), and the
    chooser reads the item types left in the body from the survey: the lists the walks of the tree give."""
    rules = default_rules()
    with using(rules):
        for page in (COPY_PAGE, PAGE, STEPS_PAGE, MIXED_ATTRIBUTES, "<p>bare text</p>", ""):
            root = parse(page)
            found = html_main.survey(root, rules.html)
            body = root.find("body")
            html_main._unwrap_page_copies(body, rules.html, found.copies)
            walked = list(body.iter(etree.Comment, etree.ProcessingInstruction, *rules.html.drop.tags))
            assert found.dropped(body, rules.html) == walked
            for el in walked:
                html_main.remove(el)
            assert found.itemtypes(body) == [v for v in body.xpath("descendant-or-self::*/@itemtype") if v]
        root = parse(COPY_PAGE)
        found = html_main.survey(root, rules.html)
        body = root.find("body")
        html_main._unwrap_page_copies(body, rules.html, found.copies)
        assert body.find("noscript") is None  # the copy was unwrapped: its script and button are still dropped
        assert [el.tag for el in found.dropped(body, rules.html)] == [
            "script", "button", "style", "iframe", "input", "select", "option", "svg"]
        assert found.itemtypes(body) == ["https://schema.org/Recipe", "https://schema.org/Person",
                                         "https://schema.org/Thing"]
        root.append(etree.Element("footer"))  # something after the body: the survey cannot tell, the caller walks
        assert found.dropped(body, rules.html) is None
