"""Explicit step containers: recipe-plugin and how-to markup, found by structure, not by site.

A steps container is an element whose class, id or itemprop says it holds instructions, directions, a
method or steps (``wprm-recipe-instructions``, ``tasty-recipes-instructions``, ``recipeSteps``,
``mv-create-instructions`` ... all fit one pattern) and that holds two or more step elements:
list items, or else the outermost children whose class/id says step/instruction/direction, or
else paragraphs. A container that also names ingredients is a whole recipe card, not its steps.
"""
from __future__ import annotations

import re

from ..rules import active_rules


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
# Named children that label the steps rather than hold one.
STEP_LABEL = re.compile(r"header|heading|title|name|label|count|number|index", re.IGNORECASE)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
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
    """The step elements of ``el`` (see the module docstring); fewer than two means none."""
    items = list(el.iter("li"))
    if len(items) >= MIN_STEPS:
        inside = set(items)
        items = [li for li in items if not any(a in inside for a in li.iterancestors("li"))]
        if not looks_like_ingredients([" ".join("".join(li.itertext()).split()) for li in items]):
            return items
    named = []
    for child in el.iterdescendants():
        label = names(child)
        if not isinstance(child.tag, str) or child.tag in HEADINGS or not STEP_NAME.search(label) \
                or STEP_LABEL.search(label) or NOT_STEPS.search(label):
            continue
        if not any(STEP_NAME.search(names(a)) for a in _between(child, el)):
            named.append(child)
    named = [c for c in named if "".join(c.itertext()).strip()]
    if len(named) >= MIN_STEPS:
        return named
    paragraphs = [p for p in el.iter("p") if "".join(p.itertext()).strip()]
    return paragraphs if len(paragraphs) >= MIN_STEPS else []


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
    return lines if len(lines) >= MIN_STEPS else []


def names_steps(label: str) -> bool:
    """Does one of these class/id/itemprop words name a steps container? A word that also names
    something else ("nav-cooking-method", "ingredients-and-method") does not; other words beside it
    (utility classes such as "print:hidden") do not matter."""
    return any(INSTRUCTIONS.search(word) and not NOT_STEPS.search(word) for word in label.split())


def is_steps_container(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in HEADINGS or el.tag in ("li", "p", "a", "span", "button"):
        return False
    if not names_steps(names(el)):
        return False
    return len(step_elements(el)) >= MIN_STEPS or bool(line_steps(el))


def steps_containers(root) -> list:
    """Outermost steps containers under ``root`` (``root`` itself excluded), in document order."""
    found: list = []
    inside: set = set()
    for el in root.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        cls, ident, prop = el.get("class"), el.get("id"), el.get("itemprop")
        if not (cls or ident or prop) or not INSTRUCTIONS.search(f"{cls or ''} {ident or ''} {prop or ''}"):
            continue  # the cheap test first; is_steps_container looks word by word
        if inside and any(a in inside for a in el.iterancestors()):
            continue
        if is_steps_container(el):
            found.append(el)
            inside.add(el)
    return found
