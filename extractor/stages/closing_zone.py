"""The closing zone: what follows a post's last block of content, read as one run (rules how = "closing-zone").

The closing-tail pass (``furniture.py``) judges one paragraph at a time, by the words of its own section. Sites
close a post with a run of short lines that cross those sections: a thanks line, a question to the reader and a
"let me know in the comments", a follow list, the author's signature, a "read this other tutorial too" pointer
and its bare address, a share heading over a tweet-this box. This pass walks back from the post's end over the
blocks that are already furniture, pictures, breaks and short headings, and over these lines:

* a paragraph (at most the rule's ``max_chars``) every sentence of which holds the rule's words (the reader
  addressed: social and feedback verbs, feedback nouns, a question put to "you", thanks for reading, a pointer to
  the site's other tutorials; per language, data) or is a sign-off of at most ``closing_tail_signoff_words``
  words; addresses and shortcode tags are no sentence of the article ("[tweet]...[/tweet]" around a share line);
* a paragraph made of links, or a short "Label: [link]" line (the bare address under a pointer);
* a sign-off line;
* a paragraph every sentence of which holds one zone rule's words or another's ("Liked it? Give it a like. More
  posts are coming. Questions go to my DMs."), or that ends with a call-to-action link a ``with_link`` rule's words
  make ("[Check the price](...)");
* a callout box (a quote made of paragraphs: "> ...", Zenn's ":::message"), read like a paragraph;
* a follow list: every item a "Label: [link]" line or an invitation ("Follow me on [Mastodon](...) for new posts");
* a link card (a paragraph that opens with its only link and says briefly what it is, or a bare address): it goes
  with the run, and a related box's heading the stages took over cards takes them as its items;
* a one-sentence lead-in ending with a colon right above a block of furniture ("The full guide is here:").

It stops at the first other block: the article's last words. A paragraph holding the words of a ``keeps`` rule
stops it too, whatever else it says: a help offer about the task ("If the printer still shows offline, ...", "If
you run into issues during installation, ..."), a question about "the methods above". The run is furniture when at least one of its lines
holds a rule's words, when the walk stopped at the article (a post made only of such lines is not a post's
closing), and from ``closing_tail_from`` of the post's blocks on. Guards: a paragraph numbered as a step, an FAQ's
answer and a block under a "Step N" heading stay; a list, code or a table ends the walk; the words bind to their
object where an instruction shares them ("subscribe to my newsletter", not "subscribe the endpoint to the topic";
"コメント" but not "コメントアウト"). An invitation is imperative: the instruction guard would keep it.
"""
from __future__ import annotations

import re
from typing import Callable

from .. import document as d
from ..data.furniture import FurnitureRule, FurnitureRules, Matcher
from ..document import Block
from ..words import at_most_words, word_runs

_WORDS = re.compile(r"\w+")
# what is no sentence of the article in a closing line: a written-out address, a shortcode's tags
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SHORTCODE_TAG = re.compile(r"\\?\[/?[a-z_][\w-]*(?:\s[^\]]*)?\\?\]", re.IGNORECASE)
_TRAILING = " *_:.;,!"  # a line's closing marks (a callout's ":::" fence read into its last line)
_LABEL_LINK = re.compile(r"^\W*\w+(?:\s+\w+)?(?:\s*\([^()]{1,20}\))?\W*\s*[:：]")  # "X (Twitter):"


def label_closing_zone(blocks: list[Block], rules: list[tuple[FurnitureRule, Matcher | None]],
                       furniture: FurnitureRules, helpers: "Helpers") -> bool:
    """Label the post's closing zone (see the module); whether it labelled a block."""
    keeps = [pattern for rule, pattern in rules if pattern is not None and rule.keeps]
    rules = [(rule, pattern) for rule, pattern in rules if pattern is not None and not rule.keeps]
    if not rules:
        return False
    settings = furniture.settings
    sequence = [i for i, b in enumerate(blocks) if not (b.boilerplate and b.boilerplate[0] == "empty")
                and (b.text.strip() or b.images or b.is_boilerplate or b.kind in (d.LIST, d.CODE, d.TABLE))]
    start = int(len(sequence) * settings.closing_tail_from)
    zone: list[tuple[int, tuple[str, str] | None]] = []  # (index, label; None: a line that goes with the run)
    matched = stopped_at_article = False
    headings = [i for i in sequence if blocks[i].kind == d.HEADING]
    later: tuple[str, str] | None = None  # the label of the block after this one, when it is furniture
    for at in range(len(sequence) - 1, start - 1, -1):
        index = sequence[at]
        block = blocks[index]
        if block.is_boilerplate and block.kind in (d.HEADING, d.PARAGRAPH) and block.boilerplate[0] == "link_list" \
                and zone and all(verdict is None and _card(blocks[i], settings) for i, verdict in zone):
            # a related box's heading or lead-in the stages took, over link cards ("**[Title](...)**" and a line
            # that tells what it is about, a bare address a site shows as a card): the cards are its items
            for i, _ in zone:
                blocks[i].boilerplate = block.boilerplate
            zone.clear()
        if block.is_boilerplate or block.kind in (d.IMAGE, d.RULE, d.DIRECTIVE) \
                or (block.kind == d.HTML and not block.text.strip()):
            later = block.boilerplate if block.is_boilerplate else None
            continue
        if block.kind == d.HEADING:
            later = None
            if word_runs(block.text, settings.cjk_chars_per_word) <= settings.section_heading_max_words:
                continue  # the section-heading pass takes it when its whole section turns out furniture
            stopped_at_article = True
            break
        if block.kind == d.LIST:
            items = _closing_items(block, rules, furniture, helpers)
            if items is not None:  # a follow list: "X: [@ana](...)" lines, or "Follow me on [Mastodon](...)" ones
                zone.append((index, items))
                matched = matched or items[0] != ""
                later = None
                continue
        if not _reads_as_line(block) or not helpers.may_label(block):
            stopped_at_article = True
            break
        text = " ".join(block.text.split())
        if any(pattern.holds(text.lower()) for pattern in keeps):  # a help offer about the task: the article's
            stopped_at_article = True
            break
        verdict = _invitation(block, text, rules, furniture, helpers)
        if verdict is None and later is not None and _leads_in(block, text, settings, helpers):
            verdict = later  # "The full guide, in English, is here:" over the link the stages took
        if verdict is not None:
            if helpers.ruled_out(blocks, sequence, at, headings):
                stopped_at_article = True
                break
            zone.append((index, verdict))
            matched = True
            later = verdict
            continue
        later = None
        if _card(block, settings):
            zone.append((index, None))
            continue
        if helpers.made_of_links(block, furniture) or _label_and_link(block, text, settings) \
                or at_most_words(_plain(text), settings.closing_tail_signoff_words,
                                  settings.cjk_chars_per_word):
            zone.append((index, None))
            continue
        stopped_at_article = True
        break
    if not (matched and stopped_at_article):
        return False
    label = next(verdict for _, verdict in reversed(zone) if verdict and verdict[0])  # the run's first invitation
    for index, verdict in zone:
        verdict = verdict if verdict and verdict[0] else None
        blocks[index].boilerplate = verdict or (("link_list", label[1]) if blocks[index].kind == d.LIST
                                                or helpers.made_of_links(blocks[index], furniture) else label)
    return True


def _invitation(block: Block, text: str, rules: list[tuple[FurnitureRule, Matcher]], furniture: FurnitureRules,
                helpers: "Helpers") -> tuple[str, str] | None:
    """The (kind, rule) of the first rule whose words every sentence of the paragraph holds; else, when every
    sentence holds the words of one rule or another ("Liked it? Give it a like. More posts are coming. Questions go
    to my DMs."), the rule of its first such sentence; or None."""
    plain = _plain(text)
    if not _WORDS.search(plain):
        return None
    folded = plain.lower()
    settings = furniture.settings
    signoff, cjk_chars = settings.closing_tail_signoff_words, settings.cjk_chars_per_word
    for rule, pattern in rules:
        if len(text) > rule.max_chars or not pattern.holds(folded):
            continue
        # a "start" rule tells the paragraph by how it opens ("P.S. ...", "Published on ..."); the others ask it of
        # every sentence
        if rule.match == "start" or helpers.every_sentence_invites(folded, pattern, signoff, cjk_chars):
            return rule.kind, rule.name
    call = _closing_link(block)  # "The dimmer I use is quiet. [Check the price](...)": the button carries it
    if call:
        for rule, pattern in rules:
            if rule.with_link and len(text) <= rule.max_chars and plain.rstrip(_TRAILING).endswith(call) \
                    and pattern.holds(call.lower()):
                return rule.kind, rule.name
    sentence_rules = [(rule, pattern) for rule, pattern in rules if rule.match != "start" and len(text) <= rule.max_chars]
    first = None
    for sentence in helpers.sentences(folded):
        held = next((rule for rule, pattern in sentence_rules if pattern.holds(sentence)), None)
        if held is None:
            if not at_most_words(sentence, signoff, cjk_chars):
                return None
        elif first is None:
            first = held
    return (first.kind, first.name) if first is not None else None


def _closing_link(block: Block) -> str:
    """The text of the block's last link to another page, its closing marks stripped ("" when none)."""
    links = block.link_texts()
    return " ".join(links[-1].split()).rstrip(_TRAILING) if links else ""


def _reads_as_line(block: Block) -> bool:
    """A paragraph, or a quote made of paragraphs (a callout box: "> Liked it? Follow me.", Zenn's ":::message")."""
    return block.kind == d.PARAGRAPH or (block.kind == d.QUOTE and bool(block.children)
                                         and all(child.kind == d.PARAGRAPH for child in block.children))


def _card(block: Block, settings) -> bool:
    """A link card: a paragraph that is a bare address (a site shows it as a card), or that opens with its only
    link and says in at most ``closing_zone_card_words`` words what it is ("**[Wiring a lamp](...)** The cables, step by
    step.")."""
    if block.kind != d.PARAGRAPH:
        return False
    text = " ".join(block.text.split())
    if _BARE_ADDRESS.fullmatch(text):
        return True
    links = [" ".join(t.split()) for t in block.link_texts()]
    return len(links) == 1 and bool(links[0]) and text.strip(" *_").startswith(links[0]) \
        and word_runs(text[text.index(links[0]) + len(links[0]):], settings.cjk_chars_per_word) \
        <= settings.closing_zone_card_words


_BARE_ADDRESS = re.compile(r"https?://\S+")


def _closing_items(block: Block, rules: list[tuple[FurnitureRule, Matcher]], furniture: FurnitureRules,
                   helpers: "Helpers") -> tuple[str, str] | None:
    """A list of at most ``edge_list_max_items`` one-line items, each a "Label: [link]" line ("X: [@ana](...)") or
    a line with a link that a rule's words make furniture ("Follow me on [Mastodon](...) for new posts"): the
    author's follow list. The (kind, rule) of its first such line; ("", "") when all its lines are label-link lines
    (they go with the run around them); None for any other list (a list of bare links is the article's references;
    a checklist of questions to the reader, "Can you run your program again?", links nowhere)."""
    settings = furniture.settings
    items = block.children
    if not items or len(items) > settings.edge_list_max_items or any(item.children[1:] for item in items):
        return None
    found = None
    for item in items:
        text = " ".join(item.text.split())
        verdict = _invitation(item, text, rules, furniture, helpers) if item.has_links() else None
        if verdict is None:
            if not _label_and_link(item, text, settings):
                return None
        elif found is None:
            found = verdict
    return found or ("", "")


def _leads_in(block: Block, text: str, settings, helpers: "Helpers") -> bool:
    """A paragraph of one short sentence without a link that ends with a colon: it introduces the block after it
    ("The full guide is here:", "詳しくはこちら："), which goes with it when that block is furniture. (An emoji's
    ":smile:" code is no colon.)"""
    shown = _EMOJI_CODE.sub("", text).rstrip(" *_")
    return block.kind == d.PARAGRAPH and len(shown) <= settings.edge_max_chars and shown.endswith((":", "：")) \
        and len(helpers.sentences(shown)) == 1 and not block.has_links()


_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:\s*$")


def _plain(text: str) -> str:
    """The paragraph's text without written-out addresses and shortcode tags; a tag's quoted values are what the
    reader sees of it ('[box title="Sharing takes one click"]' shows its title)."""
    shown = _SHORTCODE_TAG.sub(lambda tag: " " + " ".join(m.group(1) or m.group(2) or "" for m in _QUOTED.finditer(tag.group())) + " ", _ADDRESS.sub(" ", text))
    return " ".join(shown.split())


_QUOTED = re.compile(r'"([^"]*)"|\'([^\']*)\'')


def _label_and_link(block: Block, text: str, settings) -> bool:
    """A short "Label: [link]" line ("**Project:** [github.com/a/b](...)"): a label of one or two words, a colon,
    then one link and nothing else."""
    links = block.link_texts()
    label = _LABEL_LINK.match(text)
    if len(links) != 1 or label is None:
        return False
    rest = text[label.end():].strip(" *_")
    cjk = settings.cjk_chars_per_word
    return rest.rstrip(_TRAILING) == links[0].strip().rstrip(_TRAILING) \
        and word_runs(text, cjk) <= settings.closing_tail_signoff_words + word_runs(links[0], cjk)


class Helpers:
    """What the pass asks of the furniture stage (passed in: that module imports this one)."""

    __slots__ = ("may_label", "made_of_links", "every_sentence_invites", "ruled_out", "sentences")

    def __init__(self, may_label: Callable, made_of_links: Callable, every_sentence_invites: Callable,
                 ruled_out: Callable, sentences: Callable):
        self.may_label = may_label
        self.made_of_links = made_of_links
        self.every_sentence_invites = every_sentence_invites
        self.ruled_out = ruled_out
        self.sentences = sentences
