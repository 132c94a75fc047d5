"""markdown-it inline tokens to visible plain text, links, images and labels."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..words import UNSPACED_CHARACTER  # scripts written without spaces: emphasis next to them is no glue
from .emoji import shown as _emoji_shown

_SPACES = re.compile(r"[ \t\u00a0\u2009\u200b]+")
_STRAY_TICKS = re.compile(r"`{2,}")
_STRAY_STARS = re.compile(r"\*{2,}")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Python-Markdown attribute lists after a link or heading ("{target=_blank}", "{: #intro }",
# "{ .button }"): build markup, not text. "{{ macro }}" and JSON are not of this shape.
# Only right after the link/image/emphasis a text token follows, or at the end of a heading's text.
_ATTR = r"""\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}]+))(?:[ \t]+(?:[#.][\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}]+)))*[ \t]*\}"""
_ATTR_LIST = re.compile(rf"^{_ATTR}|[ \t]*{_ATTR}[ \t]*$")
# A Microsoft Learn image or video directive inside a sentence ("Click Start :::image type="icon" ...:::")
_INLINE_DIRECTIVE = re.compile(r"""[ \t]*:::(?:image|video)\b[^:]*(?::(?!::)[^:]*)*:::""")
_DIRECTIVE_ATTR = re.compile(r'\b(source|alt-text)\s*=\s*"([^"]*)"')
# A wiki-link of Obsidian, Foam, Dendron and wiki exports: "[[Note]]", "[[Note|shown words]]", "[[Note#Part]]"
# (shown "Note > Part"), "![[diagram.png]]" (an embed: no words). CommonMark leaves it as text with its brackets,
# so steps read "Open [[Settings]]". It shows as a link; a space after the brackets is code ("[[ -f x ]]").
_WIKI_LINK = re.compile(r"(!?)\[\[(?=[^\s\[\]])([^\[\]\n|#]*)(#[^\[\]\n|]*)?(?:\\?\|([^\[\]\n]*))?(?<!\s)\]\]")
_IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif|bmp)$", re.IGNORECASE)


@dataclass(slots=True)
class InlineText:
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    html: str = ""
    cut: list[tuple[str, str, str, list]] = field(default_factory=list)  # (kind, rule, text, links)

    def copy(self) -> InlineText:
        """A copy whose lists are its own (blocks take them over and stages may add to them)."""
        return InlineText(self.text, self.links[:], self.images[:], self.labels[:], self.html,
                          [(kind, rule, text, links[:]) for kind, rule, text, links in self.cut] if self.cut else [])


def _glued(character: str) -> bool:
    """Is emphasis next to ``character`` glued to a word ("the**Windows logo key**and")? Not next to a
    character of a script written without spaces ("了**Git**的" is how Chinese writes it)."""
    return character.isalnum() and not UNSPACED_CHARACTER.match(character)


def render_inline(children, regions=()) -> InlineText:
    """Plain text of an inline token stream.

    Text inside an inline region (``regions``: rules with ``begin``/``end`` markup patterns, e.g.
    ``<!-- ads begin -->``) is cut out and reported in ``cut`` instead.

    Emphasis glued to a word (``the**Windows logo key**and``) is common in scraped posts; a space
    is put where the glue was, so the words do not run together. Images add no text.
    """
    renderer = _Renderer(regions)
    for token in children or ():
        if not renderer.in_region(token):
            renderer.add(token)
    return renderer.finish()


class _Renderer:
    def __init__(self, regions) -> None:
        self.regions = regions
        self.out: list[str] = []
        self.result = InlineText()
        self.links: list[tuple[str, int]] = []  # open links: (href, where their text starts)
        self.labels: list[int] = []  # open bold spans: where their text starts
        self.html: list[str] = []
        self.pending_space = False  # the last token closed emphasis glued to the next word
        self.region = None
        self.region_at = (0, 0)  # (text parts, links) when the open region began

    def in_region(self, token) -> bool:
        """Handle ad-region markers; True when the token was a marker or the region swallows it."""
        if self.region is None:
            if token.type == "html_inline":
                self.region = next((r for r in self.regions if r.begin.search(token.content)), None)
                if self.region is not None:
                    self.region_at = (len(self.out), len(self.result.links))
                    return True
            return False
        if token.type == "html_inline" and self.region.end.search(token.content):
            self._cut_region()
            return True
        return False  # text inside the region is rendered, then cut out at its end

    def _cut_region(self) -> None:
        at, links_at = self.region_at
        text = _clean("".join(self.out[at:]))
        self.result.cut.append((self.region.kind, self.region.name, text, self.result.links[links_at:]))
        del self.out[at:], self.result.links[links_at:]
        self.region = None

    def add(self, token) -> None:
        kind = token.type
        if kind == "text":
            self._text(token.content)
            return
        self.pending_space = False
        if kind in ("softbreak", "hardbreak"):
            self.out.append(" ")
        elif kind == "code_inline":
            if token.content.strip():  # an empty code span shows nothing
                self.out.append(token.content)
                self.result.labels.append(token.content.strip())
        elif kind in ("strong_open", "em_open"):
            if self.out and _glued(self.out[-1][-1:]):
                self.out.append(" ")
            if kind == "strong_open":
                self.labels.append(len(self.out))
        elif kind in ("strong_close", "em_close"):
            if kind == "strong_close" and self.labels:
                label = _clean("".join(self.out[self.labels.pop():]))
                if label:
                    self.result.labels.append(label)
            self.pending_space = True
        elif kind == "link_open":
            self.links.append((token.attrs.get("href", "") or "", len(self.out)))
        elif kind == "link_close" and self.links:
            href, at = self.links.pop()
            self.result.links.append((_clean("".join(self.out[at:])), str(href)))
        elif kind == "image":
            self.result.images.append((str(token.attrs.get("src", "") or ""), token.content))
        elif kind == "html_inline":
            self.html.append(token.content)
            if _BREAK_TAG.match(token.content):
                self.out.append(" ")

    def _text(self, content: str) -> None:
        if "{" in content:
            content = _ATTR_LIST.sub("", content)
        if ":::" in content:
            for directive in _INLINE_DIRECTIVE.findall(content):
                attrs = dict(_DIRECTIVE_ATTR.findall(directive))  # an image still, though it shows no text
                self.result.images.append((attrs.get("source", ""), attrs.get("alt-text", "")))
            content = _INLINE_DIRECTIVE.sub("", content)
        if "``" in content:  # unmatched runs of backticks are scraping debris ("```` ```` Type ...")
            content = _STRAY_TICKS.sub("", content)
        if "**" in content:  # bold markers CommonMark could not pair ("add a**.bat** suffix")
            content = _STRAY_STARS.sub(" ", content)
        if "[[" in content:
            content = self._wiki_links(content)
        if ":" in content:  # ":rocket: Run locally" shows "🚀 Run locally"
            content = _emoji_shown(content)
        if self.pending_space and _glued(content[:1]) and not (self.out and UNSPACED_CHARACTER.match(self.out[-1][-1:])):
            self.out.append(" ")
        self.pending_space = False
        self.out.append(content)

    def _wiki_links(self, content: str) -> str:
        """The text with each wiki-link as the words it shows; each one is a link, each embed of an image an image.
        The words before a link are added here, so the link's text starts where the renderer's links expect it."""
        at = 0
        for match in _WIKI_LINK.finditer(content):
            embed, target, part, shown = match.groups()
            target = target.rstrip("\\")  # "[[Note\|words]]" in a table, its bar escaped
            before = content[at:match.start()]
            if before:
                self._text(before)
            at = match.end()
            if embed:
                if _IMAGE_FILE.search(target.strip()):
                    self.result.images.append((target.strip(), ""))
                continue
            part = (part or "#").lstrip("#").strip()
            words = (shown or "").strip() or " > ".join(w for w in (target.strip(), "" if part.startswith("^") else part) if w)
            if words:
                self._text(words)
                self.result.links.append((words, target.strip() + ("#" + part if part else "")))
        return content[at:]

    def finish(self) -> InlineText:
        if self.region is not None:  # never closed: cut to the end of the block
            self._cut_region()
        self.result.text = _clean("".join(self.out))
        self.result.html = "".join(self.html)
        return self.result


def _clean(text: str) -> str:
    # (a text whose every space is a lone " " is as it is: most are, and the substitution rewrote each space)
    if "  " in text or "\t" in text or (not text.isascii() and _ODD_SPACE.search(text)):
        text = _SPACES.sub(" ", text)
    return text.strip()


_ODD_SPACE = re.compile(r"[\u00a0\u2009\u200b]")  # the characters of _SPACES other than " " and a tab
