"""Explicit step containers: recipe-plugin and how-to markup, found by structure, not by site.

A steps container is an element whose class, id or itemprop says it holds instructions, directions, a
method or steps (``wprm-recipe-instructions``, ``tasty-recipes-instructions``, ``recipeSteps``,
``mv-create-instructions`` ... all fit one pattern) and that holds two or more step elements:
list items, or else the outermost children whose class/id says step/instruction/direction, or
else paragraphs. A container that also names ingredients is a whole recipe card, not its steps.
"""
from __future__ import annotations

import re

from ..memo import Memo
from ..words import word_count

from ..rules import active_rules
from ..rules.value import PrefilteredPattern


class _RuleWords:
    """A pattern built from every language's words (lang/<code>.toml ``[html]``), looked up when used:
    the rules in force are known per document, not when this module is imported."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attr):
        return getattr(getattr(active_rules().html_steps, self.name), attr)


# class/id/itemprop words of a steps container ("wprm-recipe-instructions", "zubereitung") and
# headings over a page's steps ("Directions", "Method"): language knowledge, in the rules.
INSTRUCTIONS = _RuleWords("instructions")
NOT_STEPS = re.compile(r"ingredient|nav|menu|filter|print|jump|video|rating|review|comment", re.IGNORECASE)
STEP_NAME = re.compile(r"step|instruction|direction", re.IGNORECASE)
# A box over the page (a sign-up overlay's "step 1: your email, step 2: thank you", a quote form's wizard):
# what it holds are a widget's stages, not the page's steps.
WIDGET = re.compile(r"overlay|modal|popup|dialog|lightbox", re.IGNORECASE)
# Named children that label the steps rather than hold one.
STEP_LABEL = re.compile(r"header|heading|title|name|label|count|number|index", re.IGNORECASE)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
NEVER_CONTAINERS = HEADINGS | {"li", "p", "a", "span", "button"}  # a step or a label, never the steps' container
MIN_STEPS = 2
STEP_HEADING = _RuleWords("step_heading")


def names(el) -> str:
    """Class, id and microdata property: the words a page uses to say what an element holds."""
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('itemprop') or ''}"


_QUANTITY = _RuleWords("quantity")  # "2 red onions", "½ cup", "a pinch of salt"


def looks_like_ingredients(texts: list[str]) -> bool:
    """Most lines are short and start with a quantity, or are one or two words ("2 red onions",
    "Salt", "Grater"): an ingredient or tool list, not steps ("01 Make the sauce: simmer ..." is a step)."""
    limits = active_rules().steps.limits
    listy = sum(1 for text in texts if len(text.split()) <= limits.ingredient_max_words
                or (_QUANTITY.match(text) and len(text.split()) <= limits.quantity_line_max_words))
    return listy > limits.ingredient_list_share * len(texts)


def step_elements(el) -> list:
    """The step elements of ``el`` (see the module docstring); fewer than two means none. Nothing
    inside the card's notes or tips (``is_aside``) is a step; list items give way to named step
    elements when some of them sit outside every named step (a tips list after the steps). Steps of a
    word or two each ("1 Move type", "2 Destination", "3 Date": a form's progress labels, a tool list)
    are none, whichever way they are set."""
    known: dict = {}  # element under ``el`` -> whether it is in a card's notes or tips (``_in_aside``)
    named = _named_steps(el, known)
    items = [li for li in el.iter("li") if not _in_aside(li, el, known) and not _mostly_links(li)]
    if len(items) >= MIN_STEPS:
        inside = set(items)
        items = [li for li in items if not any(a in inside for a in li.iterancestors("li"))]
        held = {a for n in named for a in n.iterancestors()}
        loose = len(named) >= MIN_STEPS and any(li not in held and not _within(li, named) for li in items)
        if not loose and not looks_like_ingredients([_text(li) for li in items]):
            return items
    if len(named) >= MIN_STEPS and not _labels_only([_text(n) for n in named]):
        return named
    paragraphs = [p for p in el.iter("p") if "".join(p.itertext()).strip() and not _in_aside(p, el, known)]
    return paragraphs if len(paragraphs) >= MIN_STEPS and not _labels_only([_text(p) for p in paragraphs]) else []


def _labels_only(texts: list[str]) -> bool:
    """Are most of these a word or two once a leading step number is set aside ("1 Move type", "Date")?"""
    limits = active_rules().steps.limits
    short = sum(1 for text in texts if word_count(_NUMBER.sub("", text), limits.cjk_chars_per_word)
                <= limits.ingredient_max_words)
    return short > limits.ingredient_list_share * len(texts)


def _text(el) -> str:
    """The element's text, its whitespace runs made single spaces."""
    return " ".join("".join(el.itertext()).split())


def _mostly_links(el) -> bool:
    """Is most of ``el``'s text the text of its links?"""
    text = len("".join("".join(el.itertext()).split()))
    linked = sum(len("".join("".join(a.itertext()).split())) for a in el.iter("a"))
    return bool(text) and linked > active_rules().html_cards.steps.max_link_share * text


def _named_steps(el, known: dict | None = None) -> list:
    """The outermost elements below ``el`` whose class/id says step, instruction or direction. ``known``:
    ``_in_aside``'s."""
    named = []
    for child in el.iterdescendants():
        label = names(child)
        if not isinstance(child.tag, str) or child.tag in HEADINGS or not STEP_NAME.search(label) \
                or STEP_LABEL.search(label) or NOT_STEPS.search(label) or is_aside(child):
            continue
        if not any(STEP_NAME.search(names(a)) for a in _between(child, el)) and not _in_aside(child, el, known):
            named.append(child)
    return [c for c in named if "".join(c.itertext()).strip() and not is_step_label("".join(c.itertext()))]


def _within(node, elements: list) -> bool:
    holders = set(elements)
    return node in holders or any(a in holders for a in node.iterancestors())


def is_aside(el) -> bool:
    """Does a class/id word of ``el`` name a card's notes, tips, nutrition ... (not steps)?"""
    pattern = active_rules().html_cards.asides.pattern
    return any(pattern.search(word) for word in f"{el.get('class') or ''} {el.get('id') or ''}".split())


def _in_aside(node, top, known: dict | None = None) -> bool:
    """Is ``node``, or an element between it and ``top``, a card's notes or tips? ``known``: the answers for
    elements under ``top`` found so far, which the caller keeps while it asks of many elements under one top:
    a card's items share their ancestors, each asked once instead of once per item below it (a card of a few
    hundred items asked its class words thousands of times)."""
    if known is None or node is top:
        return is_aside(node) or any(is_aside(a) for a in _between(node, top))
    path = []  # node and its ancestors up to the first answered one, none of them an aside
    el, answer = node, False
    while el is not None and el is not top:
        answer = known.get(el)
        if answer is not None:
            break
        path.append(el)
        if is_aside(el):
            answer = True
            break
        el = el.getparent()
    answer = bool(answer)  # None: ``top`` (or the root) reached, and nothing on the way is an aside
    for el in path:
        known[el] = answer
    return answer


def _between(child, top):
    for ancestor in child.iterancestors():
        if ancestor is top:
            return
        yield ancestor


_NUMBER = re.compile(r"^\s*(?:step\s*)?\d{1,2}\s*[.):-]\s*", re.IGNORECASE)


def line_steps(el) -> list[str]:
    """Steps written as lines of one block, split by <br> ("1. Mix.<br>2. Bake."), numbers removed."""
    lines: list[str] = [""]
    for piece in el.xpath(".//text() | .//br"):
        if isinstance(piece, str):
            lines[-1] += piece
        else:
            lines.append("")
    lines = [" ".join(line.split()) for line in lines]
    lines = [_NUMBER.sub("", line) for line in lines if line]
    return lines if len(lines) >= MIN_STEPS and not _labels_only(lines) else []


_NAMES_STEPS = Memo(maxsize=8192)  # label -> answer, for the rules in force: class names recur


def names_steps(label: str) -> bool:
    """Does one of these class/id/itemprop words name a steps container? A word that also names
    something else ("nav-cooking-method", "ingredients-and-method") does not, nor does any word of a CMS
    post's class list (``post_class_pattern``: its words are the post's terms); other words beside it
    (utility classes such as "print:hidden") do not matter."""
    known = _NAMES_STEPS.for_owner(active_rules().html_steps)
    answer = known.get(label)
    if answer is None:
        containers = active_rules().html_cards.containers
        taxonomy, post = containers.taxonomy_pattern, containers.post_class_pattern
        answer = known.get_or(label, lambda: not any(post.match(word) for word in label.split()) and any(
            INSTRUCTIONS.search(word) and not NOT_STEPS.search(word) and not taxonomy.match(word)
            for word in label.split()))
    return answer


def is_steps_container(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in NEVER_CONTAINERS:
        return False
    if not names_steps(names(el)):
        return False
    if _in_a_box(el):
        return False
    return len(step_elements(el)) >= MIN_STEPS or bool(line_steps(el))


def _in_a_box(el) -> bool:
    """Is ``el`` (or an element above it) a box over the page: named as one (``in_widget``) and holding
    less than half the page's text? A wrapper of the whole page named so ("dialog-off-canvas-main-canvas")
    is no box."""
    boxes = [a for a in (el, *el.iterancestors()) if a.tag not in ("body", "html") and in_widget(a)]
    if not boxes:
        return False
    page = len("".join(el.getroottree().getroot().itertext()))
    share = active_rules().steps.limits.box_max_page_share
    return any(len("".join(box.itertext())) < share * page for box in boxes)


def in_widget(el) -> bool:
    """Is ``el`` a box over the page (class/id word overlay, modal, popup, dialog; role dialog)?"""
    return el.get("role") in ("dialog", "alertdialog") or any(
        WIDGET.search(word) for word in f"{el.get('class') or ''} {el.get('id') or ''}".split())


_LABEL_HITS = Memo(maxsize=8192)  # class/id/itemprop label -> holds an instructions word: class names recur


def label_hits() -> tuple[Memo, object]:
    """(memo, search) for ``names_instructions``, for the rules in force: looked up once per page."""
    pattern = active_rules().html_steps.instructions
    return _LABEL_HITS.for_owner(active_rules().html_steps), getattr(pattern, "search_once", pattern.search)


def label_part_checks() -> tuple:
    """(remembered, plain) tests of one part of a label (class, id or itemprop string) for the rules in force:
    False when no label holding that part among other parts (joined by spaces) can name instructions, for the
    part is ASCII and holds none of the words' leading literals (``PrefilteredPattern``: they are letters and
    digits, so none spans two parts). (None, None) when the words have no such pre-check."""
    pattern = active_rules().html_steps.instructions
    if not isinstance(pattern, PrefilteredPattern) or not pattern.needles:
        return None, None
    return pattern.part_may_match, pattern.may_match


def names_instructions(label: str, memo: Memo, search) -> bool:
    """Does the label (``names``) hold an instructions word anywhere? The cheap first test for a steps
    container (``names_steps`` then looks word by word)."""
    hit = memo.get(label)
    if hit is None:
        hit = memo.get_or(label, lambda: search(label) is not None)
    return hit


def steps_containers(root, named: list | None = None) -> list:
    """Outermost steps containers under ``root`` (``root`` itself excluded), in document order.
    ``named``: the elements under ``root`` whose label ``names_instructions`` (tags that are
    ``NEVER_CONTAINERS`` may be left out), in document order, when the caller has them
    (``html_main.survey``); else ``root`` is walked for them."""
    found: list = []
    inside: set = set()
    if named is None:
        named = _named_instructions(root)
    for el in named:
        if inside and any(a in inside for a in el.iterancestors()):
            continue
        if is_steps_container(el):
            # A whole recipe card named "instructions" that also holds the ingredient list: its
            # steps are in the steps containers inside it, when it has any.
            inner = steps_containers(el) if holds_ingredients(el) else []
            found.extend(inner or [el])
            inside.add(el)
    return found


def _named_instructions(root) -> list:
    memo, search = label_hits()
    out = []
    for el in root.iterdescendants():
        if not isinstance(el.tag, str) or el.tag in NEVER_CONTAINERS:
            continue
        cls, ident, prop = el.get("class"), el.get("id"), el.get("itemprop")
        if (cls or ident or prop) and names_instructions(f"{cls or ''} {ident or ''} {prop or ''}", memo, search):
            out.append(el)
    return out


def holds_ingredients(el) -> bool:
    """Does an element inside ``el`` name an ingredient list and hold one (two items or more)?"""
    ingredients = active_rules().html_cards.ingredients
    pattern, not_pattern, min_items = ingredients.pattern, ingredients.not_pattern, ingredients.min_items
    for child in el.iterdescendants():
        if isinstance(child.tag, str) and names_ingredients(child, pattern, not_pattern) \
                and sum(1 for _ in child.iter("li", "tr")) >= min_items:
            return True
    return False


def names_ingredients(el, pattern: re.Pattern, not_pattern: re.Pattern) -> bool:
    label = names(el)
    return bool(label.strip()) and any(pattern.search(w) and not not_pattern.search(w) for w in label.split())


def is_step_label(text: str) -> bool:
    """Is ``text`` only a step's label ("3", "2/8", "Step 1", "Krok 2"), with nothing of the step itself?"""
    text = " ".join(text.split())
    rules = active_rules()
    labels = rules.html_cards.labels
    if labels.number_pattern.match(text):
        return True
    match = rules.words.step_label.match(text)
    return bool(match) and bool(labels.total_pattern.match(text[match.end():]))


def step_groups(el, steps: list) -> list[tuple[object | None, list]]:
    """The steps of container ``el`` in their groups: ``(label element or None, steps)`` in order.

    A label is a heading, or an element whose class/id names a group label, that sits outside every
    step and is short. One group with no label, or with only a leading label (the card's "Instructions"
    title), means the steps are not grouped: ``[(None, steps)]``. A label that only names the steps
    ("Instructions", "Method": ``STEP_HEADING``) is the card's title wherever it stands, no group's name."""
    groups_rules = active_rules().html_cards.groups
    pattern, max_chars = groups_rules.label_pattern, groups_rules.max_label_chars
    inside = set(steps)
    holders = {a for step in steps for a in step.iterancestors()}
    groups: list[tuple[object | None, list]] = [(None, [])]
    for child in el.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        if child in inside:
            groups[-1][1].append(child)
            continue
        if child in holders or any(a in inside for a in child.iterancestors()):
            continue
        if child.tag in HEADINGS or pattern.search(names(child)):
            text = _text(child)
            if text and len(text) <= max_chars and not is_step_label(text) and not STEP_HEADING.match(text) \
                    and not any(a is groups[-1][0] for a in child.iterancestors()):
                groups.append((child, []))
    groups = [g for g in groups if g[1] or g[0] is not None]
    labelled = [g for g in groups if g[0] is not None and g[1]]
    if len(labelled) < 2 and not (labelled and groups[0][0] is None and groups[0][1]):
        return [(None, steps)]
    return [g for g in groups if g[1]]


def ingredient_containers(root, steps: list) -> list:
    """Outermost ingredient lists under ``root`` outside the ``steps`` containers; none on a page
    without steps (a shop's "ingredients" tab is not a recipe)."""
    if not steps:
        return []
    ingredients = active_rules().html_cards.ingredients
    pattern, not_pattern, min_items = ingredients.pattern, ingredients.not_pattern, ingredients.min_items
    taken = set(steps)
    found: list = []
    for el in root.iterdescendants():
        if not isinstance(el.tag, str) or el.tag in HEADINGS or el.tag in ("li", "a", "span", "button", "p"):
            continue
        if not names_ingredients(el, pattern, not_pattern):
            continue
        if any(a in taken for a in el.iterancestors()) or any(_inside(s, el) for s in steps):
            continue
        if sum(1 for _ in el.iter("li", "tr")) >= min_items:
            found.append(el)
            taken.add(el)
    return found


def _inside(el, ancestor) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def ingredient_items(containers: list) -> list[str]:
    """The items of ingredient lists, in page order, each once (a card printed twice lists them twice):
    the outermost list items, else the table rows (cells joined)."""
    out: list[str] = []
    for container in containers:
        items = list(container.iter("li"))
        inside = set(items)
        items = [li for li in items if not any(a in inside for a in li.iterancestors("li"))] or list(container.iter("tr"))
        for item in items:
            text = _text(item)
            if text and text not in out:
                out.append(text)
    return out


def names_requirements(heading: str) -> bool:
    """Does a heading name what the reader needs ("Ingredients", "What you'll need", "Zutaten")?"""
    return bool(active_rules().html_cards.ingredients.heading_pattern.match(" ".join(heading.split())))
