"""Markdown front end: body text -> top-level blocks with input line spans.

Two repairs happen before parsing, both keeping a map back to the input's line numbers:

* a line that starts with a step number (``4.``, ``2\\.``, ``3)``, ``**1)**``) right after a
  paragraph line gets a blank line before it. CommonMark lets only ``1.`` interrupt a
  paragraph, so a list resumed after an ad as ``4. Restart`` would otherwise be swallowed into
  the screenshot caption above it, and escaped ``1\\.`` lines would run into one paragraph.
* Python-Markdown containers that CommonMark cannot see (mkdocs-material sites): an admonition
  (``!!! note`` / ``??? tip`` with its indented body) becomes a ``> [!NOTE]`` alert, so it is a note
  and not an indented code block or part of a step's text; a content tab (``=== "Linux"``) has its
  label line turned into an empty HTML comment (a block boundary without text) and its body dedented
  into the surrounding block (a list item, the article).
  Lines are rewritten one for one, so the line map is unchanged.
* Hugo paired shortcodes, which Hugo expands before Markdown sees the page: a code shortcode
  (``{{< text bash >}}`` ... ``{{< /text >}}``) becomes a fenced code block, a note-like one
  (``{{< note >}}``, ``tip``, ``warning`` ...) a ``> [!NOTE]`` alert, and the marker lines of any
  other pair (``{{< tabs >}}``, ``{{% tab name="Linux" %}}``) become empty HTML comments, so their body
  reads in place and one tab's list does not run into the next.
* template tags written inside a line of text (Liquid ``{% data variables.x %}`` or
  ``{% ifversion fpt %}...{% endif %}`` of Jekyll and GitHub's docs, Hugo ``{{< skew version >}}``),
  which the site's build replaces by words the page source does not hold: the tags go and the text
  around them stays. A tag with a ``title="..."`` shows that title (a link-like tag such as
  ``{% my page title="Settings > Devices" %}``). A heading that is one tag shows what it renders as:
  plain words (``### {% linkable_title Set Up Cron %}``) show those words, a theme's heading key
  (``## {{% heading "whatsnext" %}}``, ``{{% cleanup-heading %}}``) the theme's text or the key's words.
  A line that is tags only and touches a line of text (an image shortcode under a step's line, Hexo
  ``{% folding %}`` around a body) becomes an empty HTML comment, a block boundary, and a ``{% highlight %}``
  pair a fenced code block; any other tag-only line is left as it is (a directive paragraph or a shortcode
  pair, handled above), and so are code blocks and inline code, where a tag is the literal text being taught.
* nothing else: everything CommonMark reads as intended is left to markdown-it.
"""
from __future__ import annotations

import hashlib
import html
import re
from functools import lru_cache
from html.parser import HTMLParser
from itertools import accumulate
from typing import NamedTuple

import markdown_it
from markdown_it import MarkdownIt, rules_block
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore, normalize
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from .. import document as d
from ..data import boilerplate_rules
from ..memo import MISSING, Memo
from . import html_fragment
from .inline import InlineText, render_inline

# a line that starts with a step number ("2. ", "3) "; and the Chinese and Japanese marks "1、", "（2）", "3．", "4）", "①",
# "5，"; a space may follow those marks: steps.toml paragraph_number)
STEP_LINE = re.compile(r"^ {0,3}(?:\*\*|__)?(?:\(?(?:\d{1,2}|[A-Za-z])(?:\\?[.)])(?:\*\*|__)?(?:\s+\S|$)"
                       r"|(?:（\d{1,2}）|\d{1,2}[、．），]|[①-⑳])(?:\*\*|__)?(?=\s*[^\s\d]))")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# An ATX heading line ("## Fix 4: ...").
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_ALERT = re.compile(r"^\[!(\w+)\]\s*")
# (a paragraph that is only a template macro call, "{{ feature(beta="0.24") }}" of mkdocs-macros or Jinja, is
# build markup too: the site renders it as a badge or a version line, never as the words written)
_DIRECTIVE = re.compile(r"^(?::::+\s*[\w-]+|-{1,3}8<-{1,3}(?:\s|$)|\[!(?:INCLUDE|div|VIDEO)\b|\{%-?\s*\w+|\{\{[<%]|\{:\s*[.#]|import\s.+\sfrom\s['\"]|export\s+(?:const|default)\b"
                        r"|\{\{-?\s*[\w.]+\s*\([^{}\n]*\)\s*-?\}\}\s*$)", re.IGNORECASE)
_ADMONITION = re.compile(r"^:::+\s*(?P<name>[\w-]+)(?:\[[^\]]*\]|[ \t]+[^\n]*?)?\s*\n(?P<body>[\s\S]*?)(?:\n\s*:::+)?\s*$")
# Hugo shortcode pairs on lines of their own: "{{< name args >}}" ... "{{< /name >}}" (or {{% %}})
_SHORTCODE_OPEN = re.compile(r"^( *)\{\{([<%])\s*([\w-]+)((?:\s[^{}]*?)?)\s*[>%]\}\}[ \t]*$")
_SHORTCODE_CLOSE = re.compile(r"^ *\{\{[<%]\s*/\s*([\w-]+)\s*[>%]\}\}[ \t]*$")
# A heading the site's template writes ("## {{% heading "whatsnext" %}}", "{{% whatsnext-heading %}}"): the
# key names a heading text of the theme's (Docsy and the sites built like kubernetes.io); unknown keys read
# as their words ("{{% cleanup-heading %}}" -> "Cleanup").
_HEADING_SHORTCODE = re.compile(r"""^( {0,3})(#{1,6}[ \t]+)?\{\{[<%]\s*(?:heading\s+"([\w-]+)"|([\w-]+)-heading)\s*[>%]\}\}[ \t]*$""")
_THEME_HEADINGS = {"whatsnext": "What's next", "prerequisites": "Before you begin", "seealso": "See also"}
# Shortcodes whose body is code or a program's output, shown as a code block: Hugo's highlight, istio.io's and
# others' code, and the terminal/file/output boxes of docs themes (Linode's {{< file "/etc/app.conf" ini >}} and
# {{< output >}}, "terminal", "console", "command" in others). Read as text, their lines ran into the step's words.
_CODE_SHORTCODES = frozenset(("text", "highlight", "code", "codeblock", "output", "file", "command", "console",
                              "terminal", "shell"))
_LANGUAGE_WORD = re.compile(r"^[A-Za-z][\w+#.-]*$")  # "bash", "c++", "objective-c": not a path or a title
_NOTE_NAMES = "note|tip|warning|caution|danger|important|info|alert|callout|admonition"
_NOTE_SHORTCODE = re.compile(rf"^(?:{_NOTE_NAMES})$", re.IGNORECASE)
# every line the note-element pass rewrites closes one of these: a body without one is not walked line by line
_NOTE_CLOSING = re.compile(rf"</(?:{_NOTE_NAMES})\s*>", re.IGNORECASE)
# A note component written on one line of its own ("<alert type="warning">Do step 7 too.</alert>", MDX
# "<Note>...</Note>", "<Tip>"): a note set in the text, like an alert, whatever it is nested in.
_NOTE_ELEMENT_LINE = re.compile(r"^([ \t]*)<([A-Za-z][\w-]*)(?:\s[^<>]*)?>([^<>]*(?:<(?!/?\2\b)[^<>]*>[^<>]*)*)</\2\s*>[ \t]*$")
# Python-Markdown block containers (pymdownx admonition/details and tabbed): marker line, body indented 4
_MD_ADMONITION = re.compile(r"""^( *)(?:!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+(?:"[^"]*"|'[^']*'))?[ \t]*$""")
_MD_TAB = re.compile(r"""^( *)===[+!]{0,2}[ \t]+(?:"[^"]*"|'[^']*')[ \t]*$""")
_CONTAINER_INDENT = 4  # Python-Markdown's body indentation, fixed by its syntax
_DIRECTIVE_ATTR = re.compile(r'\b(source|src|alt-text|alt)\s*=\s*"([^"]*)"')
# A template tag inside a line: Liquid "{% name args %}" (also "{%- -%}"), Hugo "{{< name args >}}" / "{{% %}}".
# (Jinja's "{{ value }}" is left alone: in an untemplated page it is often literal text about a template.)
_INLINE_TAG = re.compile(r"""\{%-?[^%\n]*?-?%\}|\{\{[<%][^{}\n]*?[>%]\}\}""")
# A Liquid/Hexo code pair on lines of their own ("{% highlight bash %}" ... "{% endhighlight %}"), and a tag's name
_CODE_TAG_OPEN = re.compile(r"^( *)\{%-?\s*(highlight|codeblock)\b([^%\n]*?)-?%\}[ \t]*$", re.IGNORECASE)
_CODE_TAG_CLOSE = re.compile(r"^ *\{%-?\s*end(highlight|codeblock)\s*-?%\}[ \t]*$", re.IGNORECASE)
_TAG_NAME = re.compile(r"(?:\{%-?|\{\{[<%])\s*/?\s*([\w-]+)")
_TAG_TITLE = re.compile(r"""\btitle\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')""")
_HAS_WORD = re.compile(r"\w")
# A heading that is one template tag whose arguments are plain words ("### {% linkable_title Set Up Cron %}",
# Jekyll sites' anchor tags) shows those words; Liquid's own control and data tags never name a heading.
_HEADING_TAG = re.compile(r"""^( {0,3}#{1,6}[ \t]+)\{%-?\s*([\w-]+)\s+([^\W\d_][\w ,'’&()-]*?)\s*-?%\}[ \t]*$""")
_LIQUID_TAGS = frozenset(("if", "unless", "elsif", "else", "endif", "for", "endfor", "case", "when", "raw",
                          "endraw", "comment", "capture", "assign", "include", "render", "ifversion", "data",
                          "increment", "decrement", "cycle", "tablerow", "liquid", "echo"))
_BACKTICKS = re.compile(r"`+")


@lru_cache(maxsize=2)
def parser(mdx: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": 40}).enable(["table", "strikethrough"])
    if mdx:
        # MDX has no indented code blocks: indentation inside <Steps> or <TabItem> is layout, not code
        md.disable("code")
    # The same URLs recur in post after post (33 k normalizeLink calls for 2 k distinct URLs over
    # 1,500 posts), and these are pure functions of their argument: remember them.
    md.normalizeLink = lru_cache(maxsize=4096)(md.normalizeLink)
    md.normalizeLinkText = lru_cache(maxsize=4096)(md.normalizeLinkText)
    md.validateLink = lru_cache(maxsize=4096)(md.validateLink)
    md.options = _Options(md.options)
    if markdown_it.__version__.startswith(_GATED_VERSIONS):
        ruler, plain = md.block.ruler, md.block.ruler.getRules
        chains = {name: _gated(plain(name)) for name in _BLOCK_CHAINS}
        ruler.getRules = lambda name: chains.get(name) or plain(name)  # (the parser is never changed after this)
        md.block.parse = _block_parse(md.block)
    return md


# A block rule of markdown-it's own that can only match a line starting with one of these characters: each
# looks at the line's first character (after its indentation) and returns False, changing nothing, when it
# is not one of them. Every line start tries the rules of a chain in turn, and most lines start with a
# letter, so ``_gated`` has a line try only the rules its first character allows: the same rules in the
# same order, the same answers (the block parse about 0.7x the time). Two rules are gated by other tests
# they make first, as plainly: "code" returns False unless the line is indented 4 or more past the block's
# indentation, "table" unless the next line starts with | - or : (its delimiter row). The rules are
# markdown-it's, so the versions whose rules were read for this are named; tests/test_fast_paths.py parses
# with and without.
_GATED_VERSIONS = ("3.", "4.")
_BLOCK_CHAINS = ("", "paragraph", "reference", "blockquote", "list")  # every chain a block rule asks for
_FIRST_CHARACTERS = {rules_block.fence: "`~", rules_block.blockquote: ">", rules_block.hr: "*-_",
                     rules_block.list_block: "*-+0123456789", rules_block.reference: "[",
                     rules_block.html_block: "<", rules_block.heading: "#"}
_DELIMITER_ROW_START = "|-:"  # what a table's second line starts with
_CODE_INDENT = 4  # CommonMark: an indented code block starts 4 columns past its container's indentation
_TAB_STOP = 4  # CommonMark: a tab moves to the next multiple of 4 columns


def _gated(rules: list) -> list:
    """A chain of block rules as one rule that tries, in order, only those the line allows: by its first
    character (a rule not in ``_FIRST_CHARACTERS`` always; every rule when the line starts past the end of
    the text), "code" only on a line indented as code, "table" only above a line that can be its delimiter row."""
    gates = [_FIRST_CHARACTERS.get(rule) for rule in rules]
    if not any(gates):
        return rules
    every = tuple(rules)
    code, table = rules_block.code in rules, rules_block.table in rules

    def allowed(char: str | None) -> tuple[tuple[tuple, tuple], tuple[tuple, tuple]]:
        """The rules to try, ``[code possible][table possible]``."""
        base = [rule for rule, gate in zip(rules, gates) if gate is None or (char is not None and char in gate)]
        return tuple(tuple(tuple(rule for rule in base if (rule is not rules_block.code or with_code)
                                 and (rule is not rules_block.table or with_table))
                           for with_table in (False, True)) for with_code in (False, True))

    others = allowed(None)
    by_character = {char: allowed(char) for char in set("".join(gate for gate in gates if gate))}

    def rule(state, line: int, end: int, silent: bool) -> bool:
        bMarks = state.bMarks
        start = bMarks[line] + state.tShift[line]
        src = state.src
        if start >= len(src):
            chain = every
        else:
            with_code = code and state.sCount[line] - state.blkIndent >= _CODE_INDENT
            with_table = False
            if table:
                below = line + 1
                if below >= len(bMarks):
                    with_table = True
                else:
                    at = bMarks[below] + state.tShift[below]
                    with_table = at < state.eMarks[below] and src[at] in _DELIMITER_ROW_START
            chain = by_character.get(src[start], others)[with_code][with_table]
        for each in chain:
            if each(state, line, end, silent):
                return True
        return False

    return [rule]


def _block_parse(block):
    """markdown-it's ``ParserBlock.parse``, with ``_StateBlock`` for its state."""
    def parse(src: str, md: MarkdownIt, env, outTokens: list) -> list | None:
        if not src:
            return None
        state = _StateBlock(src, md, env, outTokens)
        block.tokenize(state, state.line, state.lineMax)
        return state.tokens

    return parse


class _StateBlock(StateBlock):
    """markdown-it's block state with two parts done faster, the same results (for the versions of
    ``_GATED_VERSIONS``; tests/test_fast_paths.py compares the tokens):

    * the line marks (where each line starts and ends, its indentation) from ``str.split`` and
      comprehensions, where markdown-it walks each line's indentation a character at a time;
    * ``push`` sets a new token's fields itself: the dataclass's ``__init__`` sets the same values
      through keyword defaults and factories, then converts the empty attributes again in
      ``__post_init__`` (a push 0.38 instead of 0.57 us; the block parse pushes 220 tokens a post)."""

    def __init__(self, src: str, md: MarkdownIt, env, tokens: list) -> None:
        super().__init__("", md, env, tokens)  # every field, with the marks of an empty text
        self.src = src
        lines = src.split("\n")
        if not lines[-1].strip(" \t"):
            lines.pop()  # after the last line break, or a last line of spaces and tabs only: no line
        ends = list(accumulate([len(line) + 1 for line in lines]))  # where each line ends, plus one
        self.bMarks = [0, *ends[:-1]] if lines else []
        self.eMarks = [end - 1 for end in ends]
        self.tShift = [len(line) - len(line.lstrip(" \t")) for line in lines]
        if "\t" in src:
            self.sCount = [_indent_width(line, shift) if "\t" in line[:shift] else shift
                           for line, shift in zip(lines, self.tShift)]
        else:
            self.sCount = self.tShift[:]
        self.bsCount = [0] * len(lines)
        for marks, last in ((self.bMarks, len(src)), (self.eMarks, len(src)), (self.tShift, 0), (self.sCount, 0),
                            (self.bsCount, 0)):
            marks.append(last)  # the entry past the last line, as markdown-it adds it
        self.lineMax = len(self.bMarks) - 1

    def push(self, ttype: str, tag: str, nesting: int) -> Token:
        token = _new_token(Token)
        token.type = ttype
        token.tag = tag
        token.nesting = nesting
        token.attrs = {}
        token.map = None
        token.children = None
        token.content = token.markup = token.info = ""
        token.meta = {}
        token.block = True
        token.hidden = False
        if nesting < 0:
            self.level -= 1  # closing tag
        token.level = self.level
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


_new_token = object.__new__


def _indent_width(line: str, shift: int) -> int:
    """How wide a line's first ``shift`` characters (spaces and tabs) are, a tab to the next tab stop."""
    width = 0
    for character in line[:shift]:
        width += _TAB_STOP - width % _TAB_STOP if character == "\t" else 1
    return width


class _Options(OptionsDict):
    """markdown-it's options with a dict's ``get``. The rules ask ``options.get(name, default)`` for
    options the commonmark preset leaves out ("tasklists" per list item, "strikethrough_single_tilde"
    per inline parse ...); through OptionsDict, a Mapping, each of those raises and catches a KeyError
    (about 1 % of the Markdown path). Same answers, for every name."""

    def get(self, key, default=None):
        return self._options.get(key, default)


def _opens_fence(match: re.Match | None) -> bool:
    """Does a ``_FENCE`` match open a fenced code block? (A backtick fence's info string holds no backtick.)"""
    return match is not None and not (match.group(1)[0] == "`" and "`" in match.group(2))


def _closes_fence(match: re.Match | None, fence: str) -> bool:
    """Does a ``_FENCE`` match close the block ``fence`` opened? Same character, at least as long, no info."""
    return (match is not None and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            and not match.group(2).strip())


def _outside_fences(lines: list[str]):
    """(index, line) of every line outside fenced code blocks, in order: the walk of the rewrites that run only
    on bodies holding their markers (``split_step_lines``, run on every body, keeps its own loop: it also
    resets its paragraph state at a fence, and a generator would cost it per line)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line) if ("`" in line or "~" in line) else None
        if fence:
            if _closes_fence(match, fence):
                fence = None
            continue
        if _opens_fence(match):
            fence = match.group(1)
            continue
        yield index, line


def split_step_lines(body: str, first_line: int) -> tuple[str, list[int]]:
    """Insert a blank line before step-numbered lines that follow paragraph text.

    Returns the new text and, for each of its lines, the input line number it stands for.
    """
    lines = body.split("\n")
    before: list[int] = []  # the lines that get a blank line before them
    fence: str | None = None
    previous_is_text = previous_is_html = False
    # the line before may open a list item (its first character a marker or a digit: ``_new_paragraph_after_item``
    # asks more only then; False after a blank or fence line, which never opens one)
    previous_may_be_item = False
    marks = "`" in body or "~" in body  # (no fence mark anywhere: most bodies; no line is asked)
    for index, line in enumerate(lines):
        if not line:  # a blank line (a third of them): no fence mark, no step, and it ends a paragraph
            if not fence:
                previous_is_text = previous_is_html = False
            previous_may_be_item = False
            continue
        if marks and ("`" in line or "~" in line):  # the test skips the regex
            match = _FENCE.match(line)
            if fence:
                if _closes_fence(match, fence):
                    fence = None
                previous_may_be_item = False
                continue
            if _opens_fence(match):
                fence = match.group(1)
                previous_is_text = previous_is_html = previous_may_be_item = False
                continue
        elif fence:
            continue
        if (previous_is_text or previous_is_html) and STEP_LINE.match(line) and not _starts_list_item(lines[index - 1]):
            before.append(index)
        elif previous_may_be_item and _new_paragraph_after_item(lines[index - 1], line):
            before.append(index)
        elif previous_is_html and _resumes_markdown(lines[index - 1], line):
            before.append(index)
        stripped = line.strip()
        first = stripped[:1]
        previous_is_text = bool(first) and first not in "<|#>"
        # an HTML block (an ad slot) runs on to the next blank line: a step line right after it is not its text
        previous_is_html = first == "<" and stripped[-1] == ">"
        previous_may_be_item = first in "-+*" or first.isdigit()
    if not before:
        return body, list(range(first_line, first_line + len(lines)))
    out: list[str] = []
    line_map: list[int] = []
    at = 0
    for index in before:  # each blank line stands for the line it goes before
        out += lines[at:index]
        out.append("")
        line_map += range(first_line + at, first_line + index + 1)
        at = index
    out += lines[at:]
    line_map += range(first_line + at, first_line + len(lines))
    return "\n".join(out), line_map


def _resumes_markdown(html_line: str, line: str) -> bool:
    """Does ``line``, right under an HTML line with no blank line between, go back to the page's own text?

    CommonMark runs an HTML block that opens with a tag on a line of its own (an ad slot's ``<a ...>``, a
    ``<div>``) on to the next blank line, so whatever follows without one is taken as the block's markup:
    a heading, or the paragraph after an ad's closing comment, then reads as part of the ad. A heading line
    is never markup (inside HTML it would show its "#"s), and text under a line that is only a comment
    (``<!-- ads end -->``, a template's marker) is the page resuming: both start a block of their own."""
    if _HEADING_LINE.match(line):
        return True
    html, text = html_line.strip(), line.lstrip()
    return html.startswith("<!--") and html.endswith("-->") and bool(text) and not text.startswith("<")


def rewrite_containers(text: str) -> str:
    """Rewrite mkdocs admonitions as ``> [!TYPE]`` alerts and unwrap content tabs, line for line."""
    lines = text.split("\n")
    # the indentation of the next non-blank line at or after each line (a blank line belongs to a
    # container only when the text after it does)
    next_indent = [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        next_indent[index] = len(line) - len(line.lstrip(" ")) if line.strip() else next_indent[index + 1]
    stack: list[tuple[int, str]] = []  # open containers: (marker indentation, "note" or "tab")
    fence: str | None = None
    out: list[str] = []
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" ")) if line.strip() else next_indent[index + 1]
        if fence is None:
            while stack and indent < stack[-1][0] + _CONTAINER_INDENT:
                at, kind = stack.pop()
                if kind == "tab" and not line.strip() and not _next_is_tab(lines, index, at):
                    line = " " * at + "<!-- /tabs -->"  # the blank line after the last tab: the group ends here
        marker = None
        if fence is None:
            match = _MD_ADMONITION.match(line)
            if match:
                marker = (len(match.group(1)), "note", match.group(2).upper())
            else:
                match = _MD_TAB.match(line)
                if match:
                    marker = (len(match.group(1)), "tab", "")
            fenced = _FENCE.match(line.lstrip(" "))
            if marker is None and _opens_fence(fenced):
                fence = fenced.group(1)
        elif _closes_fence(_FENCE.match(line.strip()), fence):
            fence = None
        if marker is not None:
            at, kind, name = marker
            # a tab's label line becomes an empty HTML comment: no text, but it ends the previous tab's list
            line = " " * at + (f"> [!{name}]" if kind == "note" else "<!-- tab -->")
        for at, kind in reversed(stack):
            body = at + _CONTAINER_INDENT
            if kind == "note":
                line = line.ljust(at)[:at] + ("> " + line[body:] if len(line) > body else ">")
            else:
                line = line[:at] + line[body:] if line[at:body].strip() == "" else line
        out.append(line)
        if marker is not None:
            stack.append((marker[0], marker[1]))
    return "\n".join(out)


def _next_is_tab(lines: list[str], index: int, at: int) -> bool:
    """Is the next non-blank line after ``index`` another tab's label at indentation ``at``?"""
    following = next((line for line in lines[index + 1:] if line.strip()), "")
    match = _MD_TAB.match(following)
    return bool(match) and len(match.group(1)) == at


def rewrite_shortcodes(text: str) -> str:
    """Turn Hugo shortcode pairs into the Markdown they stand for, line for line (see the module doc)."""
    lines = text.split("\n")
    closes: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        match = _SHORTCODE_CLOSE.match(line) if "{{" in line else None
        if match:
            closes.setdefault(match.group(1).lower(), []).append(index)
    if not closes:
        return text
    out = list(lines)
    index = 0
    while index < len(lines):
        match = _SHORTCODE_OPEN.match(lines[index]) if "{{" in lines[index] else None
        name = match.group(3).lower() if match else ""
        end = next((i for i in closes.get(name, ()) if i > index), None) if match else None
        if end is None:
            index += 1
            continue
        indent = match.group(1)
        if name in _CODE_SHORTCODES:
            # the language is the first bare word ("highlight bash", 'file "/etc/app.conf" ini'); quoted
            # arguments are a path or a title
            args = match.group(4).split()
            language = next((arg for arg in args if _LANGUAGE_WORD.match(arg)), None)
            if language is None:  # only quoted or keyed arguments: a quoted first one ("highlight "go"") names it
                language = args[0].strip("\"'") if args and "=" not in args[0] else ""
            out[index] = indent + "```" + language
            out[end] = indent + "```"
        elif _NOTE_SHORTCODE.match(name):
            out[index] = indent + f"> [!{name.upper()}]"
            for inner in range(index + 1, end):
                line = out[inner]
                body = line[len(indent):] if line.startswith(indent) else line.lstrip(" ")
                out[inner] = indent + ("> " + body if body.strip() else ">")
            out[end] = ""
            index = end  # a note's body is text; shortcodes inside it stay as they are
        else:
            # tabs and other wrappers: the body reads in place; the marker lines become empty HTML
            # comments, so one tab's list does not run on into the next one's
            out[index], out[end] = indent + f"<!-- {name} -->", indent + f"<!-- /{name} -->"
        index += 1
    return "\n".join(out)


def rewrite_note_elements(text: str) -> str:
    """A line that is one note element and nothing else ("    <alert type="warning">...</alert>" under a list item's
    text) becomes a ``> [!NAME]`` alert at the same indent, line for line: a note inside a step, not its text."""
    lines = text.split("\n")
    changed = False
    for index, line in _outside_fences(lines):
        match = _NOTE_ELEMENT_LINE.match(line) if "</" in line else None
        if match and _NOTE_SHORTCODE.match(match.group(2)) and match.group(3).strip():
            lines[index] = f"{match.group(1)}> [!{match.group(2).upper()}] {match.group(3).strip()}"
            changed = True
    return "\n".join(lines) if changed else text


def _heading_of_tag(line: str) -> str | None:
    """A heading written by one template tag, as the Markdown heading it renders as (None: it is not one).

    Hugo themes write a heading by key ("## {{% heading "whatsnext" %}}", "{{% cleanup-heading %}}"): the
    theme's text for a known key, else the key's words. Jekyll-style sites wrap a heading's words in one tag
    ("### {% linkable_title Set Up Cron %}"): the words, unless the tag is Liquid's own (if, include ...)."""
    match = _HEADING_SHORTCODE.match(line) if "heading" in line else None
    if match:
        key = match.group(3) or match.group(4)
        words = _THEME_HEADINGS.get(key.lower()) or key.replace("-", " ").replace("_", " ").capitalize()
        return match.group(1) + (match.group(2) or "## ") + words
    match = _HEADING_TAG.match(line) if "#" in line else None
    if match and match.group(2).lower() not in _LIQUID_TAGS:
        return match.group(1) + match.group(3)
    return None


def strip_inline_template_tags(text: str) -> str:
    """Template tags inside a line of text go; their line's words stay (see the module doc), line for line."""
    lines = text.split("\n")
    for index, line in _outside_fences(lines):
        if "{%" in line or "{{<" in line or "{{%" in line:
            heading = _heading_of_tag(line)
            lines[index] = _without_inline_tags(line) if heading is None else heading
    return "\n".join(lines)


# A numbered heading written with no space after its marks ("##1. 下载客户端", "#2.Install"): CommonMark reads a
# paragraph, the renderers many blogs are built with (kramdown, Python-Markdown) a heading, as the writer saw it.
_UNSPACED_NUMBERED_HEADING = re.compile(r"^( {0,3}#{1,6})(?=\d{1,2}[.、．)]\s*\S)", re.MULTILINE)


def space_numbered_headings(text: str) -> str:
    """"##1. 下载客户端" becomes "## 1. 下载客户端" outside fenced code (a shell comment "#1." stays), line for line."""
    lines = text.split("\n")
    for index, line in _outside_fences(lines):
        if line[:1] in " #":
            lines[index] = _UNSPACED_NUMBERED_HEADING.sub(r"\1 ", line, count=1)
    return "\n".join(lines)


def isolate_tag_lines(text: str) -> str:
    """A line that is template tags only and touches a line of text (a Hugo ``{{< img ... >}}`` right under a
    step's line, Hexo ``{% folding Title %}`` over its body and ``{% endfolding %}`` under it) is build markup
    inside what would read as one paragraph: it becomes an empty HTML comment, a block boundary without text,
    so the step keeps its own words and the body after an opening tag reads as the page's text (as one
    paragraph starting with the tag it was taken for a directive). A Liquid/Hexo code pair (``{% highlight
    bash %}`` ... ``{% endhighlight %}``, ``codeblock``) becomes a fenced code block. Tag lines with blank
    lines around them are left as they are (a directive paragraph). Line for line."""
    lines = text.split("\n")
    out = list(lines)
    code_tag: str | None = None
    for index, line in _outside_fences(lines):
        if code_tag:
            close = _CODE_TAG_CLOSE.match(line) if "{%" in line else None
            if close and close.group(1).lower() == code_tag:
                out[index], code_tag = line[: len(line) - len(line.lstrip(" "))] + "```", None
            continue
        opened = _CODE_TAG_OPEN.match(line) if "{%" in line else None
        if opened:
            language = (opened.group(3).split() or [""])[0]
            out[index], code_tag = opened.group(1) + "```" + language, opened.group(2).lower()
            continue
        if not _tag_only(line):
            continue
        before = lines[index - 1] if index else ""
        after = lines[index + 1] if index + 1 < len(lines) else ""
        if (before.strip() and not _tag_only(before)) or (after.strip() and not _tag_only(after)):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            name = _TAG_NAME.search(line)
            out[index] = indent + f"<!-- {name.group(1) if name else 'tag'} -->"
    return "\n".join(out)


# A kramdown attribute list alone on its line ("{: .text-delta }", "{:.no_toc}", "{: #intro }", "{:toc}"): it
# styles the block next to it and is never shown. (A format spec such as "{:.2f}" names no class: not one.)
_ATTRIBUTE_LINE = re.compile(r"""^([ \t]*)\{:\s*(?:toc|[.#][A-Za-z][\w-]*|[A-Za-z][\w-]*=(?:"[^"\n]*"|'[^'\n]*'|\S+))"""
                             r"""(?:\s+(?:[.#][A-Za-z][\w-]*|[A-Za-z][\w-]*=(?:"[^"\n]*"|'[^'\n]*'|\S+)))*\s*\}[ \t]*$""")
# The list item kramdown replaces by the page's generated table of contents ("* TOC" or "1. Table of contents"
# over "{:toc}")
_TOC_ITEM = re.compile(r"^([ \t]*)(?:[*+-]|\d{1,2}[.)])[ \t]+\S.{0,40}$")


def hide_attribute_lines(text: str) -> str:
    """kramdown attribute lists on lines of their own become empty HTML comments (inside an HTML block they
    are no text; under a paragraph's line, a block boundary without text), and the placeholder item over
    "{:toc}" goes with its marker: the site writes the table of contents there, navigation. Line for line;
    fenced code is left as it is."""
    lines = text.split("\n")
    for index, line in _outside_fences(lines):
        attribute = _ATTRIBUTE_LINE.match(line) if "{:" in line else None
        if attribute is None:
            continue
        toc = line.strip().replace(" ", "") == "{:toc}"
        lines[index] = attribute.group(1) + ("<!-- toc -->" if toc else "<!-- attributes -->")
        item = _TOC_ITEM.match(lines[index - 1]) if toc and index else None
        if item:
            lines[index - 1] = item.group(1) + "<!-- toc -->"
    return "\n".join(lines)


# An ordered item, then (a blank line allowed) a numbered item indented two spaces: the writer nested it ("1. Open
# Settings:" / "  1. Tap Wi-Fi"), CommonMark reads a sibling
_SHORT_NESTED = re.compile(r"(?m)^\d{1,9}[.)][ \t]+\S.*\n(?:[ \t]*\n)?  \d{1,9}[.)][ \t]+\S")
# what every such line holds, found by a literal scan (a tenth of the time of _SHORT_NESTED over posts without it)
_SHORT_NESTED_HINT = re.compile(r"\n  \d{1,9}[.)][ \t]")
_ITEM_MARKER = re.compile(r"^( *)(\d{1,9}[.)]|[-*+])( +)(?=\S)")


class _OpenItem(NamedTuple):
    indent: int  # the marker's indent as written
    column: int  # where its text starts, as written
    shift: int  # the spaces it was moved by
    number: int | None  # None for a bullet


_NESTED_BY = 2  # the least indent a writer nests an item by ("1. Open it:" / "  1. Tap Wi-Fi")


def nest_short_indented_items(text: str) -> str:
    """Items indented two or more spaces under a numbered item but short of where its text starts ("1. Remove the
    shade:" then "  1. Turn the ring"; three levels of "1." written two spaces deeper each) move to that column, as
    the writer's indentation shows and most editors render: CommonMark needs the item's text column, so two
    spaces under "1. " make a sibling and a third level a paragraph's lazy line. An item that goes on the
    numbering ("2." under "1.") stays a sibling, and bullets stay where CommonMark puts them (a bulleted list two
    spaces under "2. Choose one:" is as often the options after the list as the step's own); what belongs to a
    moved item (lines at or past its text, a fenced block there) moves with it; other lines are left as they are."""
    lines = text.split("\n")
    stack: list[_OpenItem] = []
    fence: str | None = None
    fence_shift = 0
    for index, line in enumerate(lines):
        match = _FENCE.match(line.lstrip(" ")) if ("`" in line or "~" in line) else None
        if fence:
            if _closes_fence(match, fence):
                fence = None
            if fence_shift and line.strip():
                lines[index] = " " * fence_shift + line
            continue
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _ITEM_MARKER.match(line)
        while stack and indent <= stack[-1].indent:
            stack.pop()  # a line at or left of an item's marker ends that item
        if item is None:
            shift = stack[-1].shift if stack and indent >= stack[-1].column else 0
            if _opens_fence(match):
                fence, fence_shift = match.group(1), shift
            if shift:
                lines[index] = " " * shift + line
            continue
        marker = item.group(2)
        number = int(marker[:-1]) if marker[0].isdigit() else None
        shift = 0
        if stack:
            parent = stack[-1]
            if indent >= parent.column:
                shift = parent.shift
            elif parent.number is not None and number is not None and indent >= parent.indent + _NESTED_BY \
                    and number != parent.number + 1:
                shift = parent.column - indent + parent.shift
        if shift:
            lines[index] = " " * shift + line
        stack.append(_OpenItem(indent, indent + len(marker) + len(item.group(3)), shift, number))
    return "\n".join(lines)


def _tag_only(line: str) -> bool:
    """A line that holds template tags and nothing else."""
    return ("{%" in line or "{{" in line) and bool(_INLINE_TAG.search(line)) and not _INLINE_TAG.sub("", line).strip()


def _without_inline_tags(line: str) -> str:
    code = _code_spans(line) if "`" in line else []

    def shown(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in code):
            return match.group(0)  # inside inline code: the tag is what the page teaches
        title = _TAG_TITLE.search(match.group(0))
        return (title.group(1) or title.group(2) or "") if title else ""

    stripped = _INLINE_TAG.sub(shown, line)
    if stripped == line or not _HAS_WORD.search(_INLINE_TAG.sub("", stripped)):
        return line
    if not _HAS_WORD.search(re.sub(r"^\s*(?:#{1,6}|[-+*]|\d{1,9}[.)]|>)?", "", stripped)):
        return line  # only a heading, list or quote marker would be left: a tag-only line
    indent = line[: len(line) - len(line.lstrip(" \t"))]  # the line's own indentation decides its nesting
    return indent + re.sub(r"[ \t]{2,}", " ", stripped[len(indent):].lstrip(" \t")).rstrip()


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Where a line's inline code spans are: a run of backticks up to the next run of the same length
    (CommonMark's rule), found in one pass, so a hostile line of backticks costs no more than its length."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    next_same: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        next_same[index] = last.get(size)
        last[size] = index
    spans, index = [], 0
    while index < len(runs):
        close = next_same[index]
        if close is None:
            index += 1
        else:
            spans.append((runs[index][0], runs[close][1]))
            index = close + 1
    return spans


def _starts_list_item(line: str) -> bool:
    return bool(re.match(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])\s", line))


def _new_paragraph_after_item(item_line: str, line: str) -> bool:
    """A flush-left sentence right under a one-line list item that ended its own sentence ("3. Release the
    button." then "After the reset the lamp forgets ..."): the writer's next paragraph, not the item's (CommonMark
    reads it as a lazy line of the item). An image, link, tag or quote line, one that goes on the item's sentence
    in lower case, or a lead-in ending with a colon ("On a Mac:" over the item's indented sub-list) stays with the
    item."""
    # (cheapest tests first: this is asked of every line of every post)
    if not line or line[0] in " \t<|#>![*-+`{" or line[0].isdigit() or line[0].islower():
        return False
    if not item_line.rstrip().endswith(_SENTENCE_ENDS) or line.rstrip().endswith((":", "：")):
        return False
    return _starts_list_item(item_line) and not _starts_list_item(line)


_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？")


def parse_markdown(body: str, first_line: int = 1, mdx: bool = False) -> list[d.Block]:
    """Parse a Markdown body whose first line is input line ``first_line`` (``mdx``: MDX rules)."""
    # (a one-character test first: a text without "{", most of them, skips nine multi-character scans,
    # each of which costs about 20 times a one-character one)
    if "{" in body and ("{%" in body or "{{<" in body or "{{%" in body):
        body = strip_inline_template_tags(body)
    text, line_map = split_step_lines(body, first_line)
    if "!!!" in text or "???" in text or "===" in text:
        text = rewrite_containers(text)
    if "{" in text:
        if "{{<" in text or "{{%" in text:
            text = rewrite_shortcodes(text)
        if "{%" in text or "{{<" in text or "{{%" in text:
            text = isolate_tag_lines(text)
        if "{:" in text:
            text = hide_attribute_lines(text)
    if "#" in text and _UNSPACED_NUMBERED_HEADING.search(text):
        text = space_numbered_headings(text)
    steps = "<Steps" in text and _STEPS_LINE.search(text) is not None
    if steps:
        text = rewrite_step_components(text)
    if "</" in text and _NOTE_CLOSING.search(text):
        text = rewrite_note_elements(text)
    if _SHORT_NESTED_HINT.search(text) and _SHORT_NESTED.search(text):
        text = nest_short_indented_items(text)
    md = parser(mdx)
    env: dict = {}
    tokens = _block_tokens(md, text, env)
    builder = _Builder(tokens, line_map, _Inlines(md, env))
    blocks = builder.blocks(0, len(tokens), depth=0)[0]
    if "<li" in text:
        blocks = _plain_html_lists(blocks)
    if any(block.kind == d.HTML and block.info in (d.TAB_OPEN, d.TABS_OPEN) for block in blocks):
        blocks = _tabs_into_steps(blocks)
    if steps:
        _mark_step_headings(blocks)
    return blocks


# MDX step components (markup vocabulary, like HTML element names): a "<Steps>" block (Mintlify, Nextra, Starlight,
# Fumadocs) whose steps are "<Step title=...>" elements (Mintlify) or the headings written inside it (Nextra); an
# ordered list inside it is a numbered list already. Each on a line of its own.
_STEPS_LINE = re.compile(r"^[ \t]*<Steps\b[^<>]*>[ \t]*$", re.MULTILINE)
_STEPS_END = re.compile(r"^[ \t]*</Steps\s*>[ \t]*$")
_STEP_OPEN = re.compile(r"""^[ \t]*<Step\b(?:[^<>]*?\btitle\s*=\s*\{?\s*(?:"([^"\n]*)"|'([^'\n]*)')\s*\}?)?[^<>]*>[ \t]*$""")
_STEP_END = re.compile(r"^[ \t]*</Step\s*>[ \t]*$")
_ANY_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]")
_STEPS_MARK, _STEPS_END_MARK = "<!-- steps -->", "<!-- /steps -->"


def rewrite_step_components(text: str) -> str:
    """MDX step components as the Markdown they render as, line for line: "<Steps>" and "</Steps>" become marks
    (comments ``_mark_step_headings`` reads), a "<Step title="Install the CLI">" line a heading one level below the
    heading above it (a "<Step>" with no title a blank line), "</Step>" a blank line, and a step's body loses the indentation the component gave it (else
    an HTML block would swallow it, or CommonMark read it as code)."""
    lines = text.split("\n")
    fence: str | None = None
    level = 1  # the level of the last heading outside a "<Steps>" block
    depth = 0  # "<Steps>" blocks open
    body: int | None = None  # the index of the line after an open "<Step title>", while its body is read
    for index, line in enumerate(lines):
        match = _ANY_FENCE.match(line) if ("`" in line or "~" in line) else None
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        heading = _ATX.match(line) if depth == 0 and "#" in line else None
        if heading:
            level = len(heading.group(1))
        elif "<Steps" in line and _STEPS_LINE.match(line):
            lines[index], depth = _STEPS_MARK, depth + 1
        elif depth and "</Steps" in line and _STEPS_END.match(line):
            lines[index], depth = _STEPS_END_MARK, depth - 1
        elif depth and "<Step" in line and (step := _STEP_OPEN.match(line)):
            title = " ".join((step.group(1) if step.group(1) is not None else step.group(2) or "").split())
            # (a "<Step>" with no title (Fumadocs) wraps a heading of its own: the step is that heading)
            lines[index] = "#" * min(level + 1, 6) + " " + title if title else ""
            body = index + 1
        elif depth and body is not None and "</Step" in line and _STEP_END.match(line):
            _dedent(lines, body, index)
            lines[index], body = "", None
    return "\n".join(lines)


def _dedent(lines: list[str], start: int, end: int) -> None:
    """Lines ``start`` to ``end`` (excluded) lose the indentation they all share (blank lines aside)."""
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines[start:end] if line.strip()]
    cut = min(indents, default=0)
    if cut:
        for index in range(start, end):
            lines[index] = lines[index][cut:] if lines[index].strip() else ""


def _mark_step_headings(blocks: list[d.Block]) -> None:
    """The headings of the shallowest level between a "<Steps>" mark and its end (a "<Step title>" or a heading
    written inside the block) are steps, numbered in order: ``info`` ``d.STEP_HEADING``, ``number`` the step's."""
    inside: list[d.Block] | None = None
    for block in blocks:
        if block.kind == d.HTML and block.raw.strip() == _STEPS_MARK:
            inside = []
        elif block.kind == d.HTML and block.raw.strip() == _STEPS_END_MARK and inside is not None:
            headings = [b for b in inside if b.kind == d.HEADING and b.text]
            top = min((b.level for b in headings), default=0)
            for number, heading in enumerate((b for b in headings if b.level == top), 1):
                heading.info, heading.number = d.STEP_HEADING, number
            inside = None
        elif inside is not None:
            inside.append(block)


# One tag alone that shows an image: an <img>, or a site's own component (MDX "<Screenshot url='a.png' />",
# "<Image src=... />"), with an image file among its attributes; not a link, and no class or id (an ad's markings).
_IMAGE_TAG = re.compile(r"""^<(?!a\b)[A-Za-z][\w.:-]*(?![^<>]*\s(?:class|id|className)\s*=)[^<>]*?\s[\w-]+\s*=\s*["'](?P<url>[^"'<>]+\."""
                        r"""(?:png|jpe?g|gif|webp|svg|avif)(?:[?#][^"'<>]*)?)["'][^<>]*>$""", re.IGNORECASE)


_ONE_IMAGE = "=image"  # what _read_html_block gives as the first tag of an _IMAGE_TAG (no tag name holds "=")


# Content tab markup (markup vocabulary, like HTML element names): what opens one tab, what opens a tab group,
# what ends it; MDX components, and the comments the Hugo and mkdocs rewrites above leave.
_TAB_EVENT = re.compile(r"(?P<tab><(?:TabItem|Tab)\b|<!--\s*tab(?:item)?\s*-->)|(?P<group><Tabs\b|<!--\s*(?:tabs|tabpane)\s*-->)"
                        r"|(?P<end></Tabs\s*>|<!--\s*/(?:tabs|tabpane)\s*-->)", re.IGNORECASE)


def _may_mark_tabs(raw: str) -> bool:
    """Can ``_TAB_EVENT`` match in ``raw``? Each of its matches holds "tab" (any case: no other character
    folds onto t, a or b) and starts "<tab", "</tab" (any case) or "<!--": plain searches are a fraction of
    the time of the case-blind pattern's, and most HTML blocks hold none (ad slots hold comments: "tab"
    first, then)."""
    lowered = raw.lower()
    return "tab" in lowered and ("<!--" in raw or "<tab" in lowered or "</tab" in lowered)


def _tab_info(raw: str) -> str:
    """``d.TAB_OPEN`` when the HTML opens a tab, ``d.TABS_OPEN`` when it opens only a group, ``d.TABS_END``
    when it ends the group (the last such mark decides); "" when it marks no tab."""
    info = ""
    for match in _TAB_EVENT.finditer(raw):
        if match.group("tab"):
            info = d.TAB_OPEN
        elif match.group("group"):
            info = info if info == d.TAB_OPEN else d.TABS_OPEN
        else:
            info = d.TABS_END
    return info


def _tabs_into_steps(blocks: list[d.Block]) -> list[d.Block]:
    """A tab group written flush left right after a numbered list (MDX cannot indent it) belongs to the list's
    last item when that item leads into it ("2. Install the package:") or the numbering goes on after the group:
    it moves into the item, as if indented. Any other tab group stays where it is (its lists are procedures)."""
    out: list[d.Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        host = out[-1] if out else None
        if block.kind == d.HTML and block.info in (d.TAB_OPEN, d.TABS_OPEN) and host is not None \
                and host.kind == d.LIST and host.ordered and host.children:
            end = next((i for i in range(index + 1, len(blocks)) if blocks[i].kind == d.HEADING
                        or (blocks[i].kind == d.HTML and blocks[i].info == d.TABS_END)), None)
            item = host.children[-1]
            after = blocks[end + 1] if end is not None and end + 1 < len(blocks) else None
            goes_on = after is not None and after.kind == d.LIST and after.ordered and item.number is not None \
                and after.number == item.number + 1
            if end is not None and blocks[end].kind == d.HTML and (item.text.rstrip().endswith((":", "：")) or goes_on):
                item.children.extend(blocks[index : end + 1])
                item.line_end = host.line_end = blocks[end].line_end
                index = end + 1
                continue
        out.append(block)
        index += 1
    return out


def _block_tokens(md: MarkdownIt, text: str, env: dict) -> list:
    """``md.parse(text, env)`` without the inline parse: inline tokens come with no children yet."""
    state = StateCore(text, md, env)
    for rule in _core_stages(md)[0]:
        rule(state)
    return state.tokens


@lru_cache(maxsize=2)
def _core_stages(md: MarkdownIt) -> tuple[list, list]:
    """markdown-it's core chain (``MarkdownIt.parse`` runs all of it), cut where the inline rules start:
    the rules up to the block pass run over the text; the rest ("inline", "text_join") run over one
    inline token at a time, when a block is built (``_Inlines``)."""
    names = md.core.ruler.get_active_rules()
    rules = md.core.ruler.getRules("")
    cut = names.index("inline")
    return [_normalize if rule is normalize else rule for rule in rules[:cut]], rules[cut:]


def _normalize(state: StateCore) -> None:
    """markdown-it's "normalize" rule, run only when it has something to do: it rewrites every line
    break ("\r\n" and "\r" to "\n", NUL to U+FFFD) and so copies the whole text even when it holds
    neither (about 1 % of the Markdown path)."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


# Rendered inline content, by (content, regions applied, parser). A site's posts repeat the same
# paragraphs (over 1,500 corpus posts, 76 k inline tokens hold 7.4 k distinct contents), and an
# inline token's rendering depends on nothing else but the document's link reference definitions.
# Values are packed (tuples, the text shared with the content when they are equal): about 450
# bytes an entry, against 815 as an InlineText, so 8,192 entries hold about what 4,096 did. A miss
# costs a markdown-it inline parse: with 2,048 entries a quarter of the time of the whole Markdown
# path went to misses (27.7 k over those 1,500 posts; 7.4 k with 8,192).
_rendered = Memo(maxsize=8192)


class _Inlines:
    """One document's inline tokens, parsed and rendered when a block asks for them: the core rules
    from "inline" on, applied to that token alone (they treat each inline token on its own), unless
    the same content was rendered before."""

    def __init__(self, md: MarkdownIt, env: dict) -> None:
        self.md = md
        self.env = env
        self.regions = boilerplate_rules().regions
        self.memo = _rendered.for_owner(self.regions)

    def parts(self, token, regions: bool = False) -> tuple:
        """The token rendered: an ``InlineText``'s fields (text, links, images, labels, html, cut), lists of
        their own, as a tuple: a block builder only reads them out again (50 k inline tokens a 1,000 posts)."""
        if self.env.get("references"):  # "[text][ref]" reads this document's definitions
            rendered = render_inline(self.children(token), self.regions if regions else ())
            return rendered.text, rendered.links, rendered.images, rendered.labels, rendered.html, rendered.cut
        key = (token.content, regions, self.md)
        packed = self.memo.get(key, MISSING)
        if packed is MISSING:
            packed = self.memo.get_or(key, lambda: _packed(render_inline(self.children(token), self.regions if regions else ()),
                                                           token.content))
        text, links, images, labels, html, cut = packed
        # lists of its own for every block (blocks take them over and stages may add to them)
        return (text, list(links), list(images), list(labels), html,
                [(kind, rule, cut_text, list(cut_links)) for kind, rule, cut_text, cut_links in cut] if cut else [])

    def children(self, token) -> list:
        state = StateCore("", self.md, self.env, [token])
        for rule in _core_stages(self.md)[1]:
            rule(state)
        return token.children


def _packed(rendered: InlineText, content: str) -> tuple:
    """What the memo keeps of a rendering: tuples (an empty one is shared), the text as the content
    string itself when they are equal (plain text paragraphs)."""
    return (content if rendered.text == content else rendered.text, tuple(rendered.links), tuple(rendered.images),
            tuple(rendered.labels), rendered.html,
            tuple((kind, rule, text, tuple(links)) for kind, rule, text, links in rendered.cut))


class _Builder:
    def __init__(self, tokens, line_map: list[int], inlines: _Inlines):
        self.tokens = tokens
        self.line_map = line_map
        self.inlines = inlines

    def span(self, token) -> tuple[int, int]:
        line_map = self.line_map
        if not token.map:
            return line_map[0] if line_map else 1, line_map[0] if line_map else 1
        start, end = token.map
        last = end - 1 if end - 1 > start else start
        final = len(line_map) - 1
        return line_map[start if start < final else final], line_map[last if last < final else final]

    def blocks(self, i: int, end: int, depth: int, close: str | None = None) -> tuple[list[d.Block], int]:
        out: list[d.Block] = []
        tokens = self.tokens
        while i < end:
            token = tokens[i]
            kind = token.type
            if close and kind == close:
                return out, i + 1
            if kind == "heading_open":
                out.append(self.heading(token, tokens[i + 1]))
                i += 3
            elif kind == "paragraph_open":
                out.append(self.paragraph(token, tokens[i + 1]))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                block, i = self.list(i, depth)
                out.append(block)
            elif kind == "blockquote_open":
                start, last = self.span(token)
                children, i = self.blocks(i + 1, end, depth + 1, "blockquote_close")
                out.append(self.quote(start, last, children))
            elif kind in ("fence", "code_block"):
                start, last = self.span(token)
                lang = token.info.strip().split()[0] if token.info.strip() else None
                out.append(d.Block(d.CODE, start, last, text=token.content.rstrip("\n"), info=lang or "", raw=token.content))
                i += 1
            elif kind == "html_block":
                out.append(self.html(token))
                i += 1
            elif kind == "hr":
                start, last = self.span(token)
                out.append(d.Block(d.RULE, start, last))
                i += 1
            elif kind == "table_open":
                block, i = self.table(i)
                out.append(block)
            else:
                i += 1
        return out, i

    def heading(self, token, inline) -> d.Block:
        start, last = self.span(token)
        text, links, images, labels, html, _ = self.inlines.parts(inline)
        return d.Block(d.HEADING, start, last, text=text, level=int(token.tag[1]), links=links,
                       images=images, labels=labels, raw=html)

    def paragraph(self, token, inline) -> d.Block:
        start, last = self.span(token)
        text, links, images, labels, html, cut = self.inlines.parts(inline, regions=True)
        kind = d.PARAGRAPH
        info = ""
        if not text and images:
            kind = d.IMAGE
        elif _DIRECTIVE.match(inline.content.lstrip()):
            source = inline.content.strip()
            admonition = _ADMONITION.match(source)
            if admonition and admonition.group("body").strip():
                # a Docusaurus/Starlight ":::tip ... :::" container written as one paragraph: a note
                text = re.sub(r"^:::+\s*[\w-]+(?:\[[^\]]*\])?\s*|\s*:::+\s*$", "", text).strip()
                inner = d.Block(d.PARAGRAPH, start, last, text=text, links=links, labels=labels)
                return d.Block(d.QUOTE, start, last, text=text, info=admonition.group("name").lower(), children=[inner])
            kind, info = d.DIRECTIVE, source.split()[0].strip(":[]!{%")
            attrs = dict((k.lower(), v) for k, v in _DIRECTIVE_ATTR.findall(source))
            if (attrs.get("source") or attrs.get("src")) and not images:  # (an :::image is read inline)
                images.append((attrs.get("source") or attrs.get("src", ""), attrs.get("alt-text") or attrs.get("alt", "")))
        return d.Block(kind, start, last, text=text, links=links, images=images,
                       labels=labels, raw=html, info=info, cut=cut)

    def list(self, i: int, depth: int) -> tuple[d.Block, int]:
        token = self.tokens[i]
        start, last = self.span(token)
        ordered = token.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        number = int(token.attrs.get("start", 1)) if ordered else None
        block = d.Block(d.LIST, start, last, ordered=ordered, number=number, level=depth, info=token.markup)
        i += 1
        while i < len(self.tokens) and self.tokens[i].type != close:
            item_token = self.tokens[i]
            if item_token.type != "list_item_open":
                i += 1
                continue
            item_start, item_last = self.span(item_token)
            children, i = self.blocks(i + 1, len(self.tokens), depth + 1, "list_item_close")
            item_number = int(item_token.info) if ordered and item_token.info.isdigit() else None
            text = " ".join(c.text for c in children if c.kind == d.PARAGRAPH and c.text)
            block.children.append(d.Block(d.ITEM, item_start, item_last, text=text, level=depth, number=item_number,
                                          ordered=ordered, children=children))
        return block, i + 1

    def quote(self, start: int, last: int, children: list[d.Block]) -> d.Block:
        alert = ""
        if children and children[0].kind == d.PARAGRAPH:
            match = _ALERT.match(children[0].text)
            if match:
                alert = match.group(1).lower()
                children[0].text = children[0].text[match.end():]
        text = " ".join(c.text for c in children if c.text)
        return d.Block(d.QUOTE, start, last, text=text, info=alert, children=children)

    def html(self, token) -> d.Block:
        start, last = self.span(token)
        raw = token.content
        text, info, links, images = _html_parts(raw)
        if info == _ONE_IMAGE:  # "<Screenshot url='...png' />", "<img src=...>": a screenshot, as "![](...)" is
            return d.Block(d.IMAGE, start, last, images=list(images), raw=raw)
        return d.Block(d.HTML, start, last, text=text, info=info, links=list(links), images=list(images), raw=raw)

    def table(self, i: int) -> tuple[d.Block, int]:
        start, last = self.span(self.tokens[i])
        rows: list[list[str]] = []
        links: list[tuple[str, str]] = []
        labels: list[str] = []
        i += 1
        while i < len(self.tokens) and self.tokens[i].type != "table_close":
            token = self.tokens[i]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and rows:
                text, cell_links, _, cell_labels, _, _ = self.inlines.parts(token)
                rows[-1].append(text)
                links.extend(cell_links)
                labels.extend(cell_labels)
            i += 1
        text = "\n".join(" | ".join(cell for cell in row) for row in rows)
        return d.Block(d.TABLE, start, last, text=text, links=links, labels=labels), i + 1


# What an HTML block shows, by a digest of its markup: the same ad slots and banners recur from post
# to post (1,500 corpus posts hold 15 k HTML blocks, 2.8 k distinct, 1.7 kB each on average; the
# digest keeps the memo small).
_shown = Memo(maxsize=1024)


def _html_parts(raw: str) -> tuple[str, str, tuple, tuple]:
    """What an HTML block shows (lists are copied by the caller, so a block never shares one)."""
    digest = hashlib.blake2b(raw.encode("utf-8", "surrogatepass")).digest()
    return _shown.get_or(digest, lambda: _read_html_block(raw))


def _read_html_block(raw: str) -> tuple[str, str, tuple, tuple]:
    """Visible text, first tag (``_ONE_IMAGE`` for one tag that shows an image, a ``d.TAB_*`` mark for content
    tabs), links and images."""
    text, links = html_fragment.visible_text(raw), tuple(html_fragment.links(raw))
    if "href" in raw:  # a link written as a component ("<Card href=...>body</Card>") is a link too
        links += tuple(html_fragment.component_links(raw))
    if "](" in text:  # a component's body is Markdown ("<Tip>[Sign up](https://...) today</Tip>"): its links show their text
        text, marked = _markdown_links_in_text(text)
        links += marked
    shown = _IMAGE_TAG.match(raw.strip()) if not text and not links and raw.count("<") == 1 else None
    if shown:
        return text, _ONE_IMAGE, links, ((shown.group("url"), html_fragment.alt_text(raw)),)
    info = (_tab_info(raw) if "ab" in raw and _may_mark_tabs(raw) else "") or html_fragment.first_tag(raw)
    return text, info, links, tuple(html_fragment.images(raw))


_MD_IMAGE_IN_TEXT = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MD_LINK_IN_TEXT = re.compile(r"\[([^\[\]\n]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _markdown_links_in_text(text: str) -> tuple[str, tuple]:
    """The visible text of Markdown links and images left in an HTML block's text (an image shows no text), and
    the links: (text, ((link text, url), ...))."""
    text = _MD_IMAGE_IN_TEXT.sub("", text)
    links = tuple((m.group(1).strip(), m.group(2)) for m in _MD_LINK_IN_TEXT.finditer(text))
    return " ".join(_MD_LINK_IN_TEXT.sub(r"\1", text).split()), links


# Plain HTML written inside Markdown ("<p>Follow these steps:</p><ol><li>Click <strong>Sign in</strong></li>"):
# only these tags (and comments), and no attributes but a link's href and a list's start, which a widget, an ad
# slot or a related-posts box always has (class, id, style ...). One search finds the first thing that is not.
_NOT_PLAIN = re.compile(r"""<(?!!--|/?(?:p|ol|ul|li|a|strong|b|em|i|code|kbd|br|h[1-6])\b)[A-Za-z/]|\s(?!href\b|start\b)[\w-]+\s*=""",
                        re.IGNORECASE)
_PLAIN_BLOCK = re.compile(r"<(?:p|ol|ul|h[1-6])\b", re.IGNORECASE)  # holds one of them (not only a comment)
_TEXT_BREAK_TAGS = frozenset(("ol", "ul", "p", "li"))  # each ends the text read before it
_LABEL_TAGS = frozenset(("strong", "b", "code", "kbd"))  # bold and code: UI labels, as in Markdown


def _plain_html_lists(blocks: list[d.Block]) -> list[d.Block]:
    """Raw HTML blocks that are plain lists (and the paragraphs and headings around them) read as the
    Markdown they stand for, so their items can be steps; any other HTML block stays as it is."""
    out: list[d.Block] = []
    for block in blocks:
        if block.kind == d.HTML and (_is_plain_html(block.raw) or _is_boxed_numbered_list(block.raw)):
            out.extend(_HtmlBlocks(block.line_start).read(block.raw) or [block])
        else:
            out.append(block)
    return out


def _is_plain_html(raw: str) -> bool:
    return bool(_PLAIN_BLOCK.search(raw)) and not _NOT_PLAIN.search(raw)


def _is_boxed_numbered_list(raw: str) -> bool:
    """A numbered list in one styled box ('<div class="steps"><ol><li>Unplug the lamp.<img src=...></li>...</div>'):
    the box and the screenshots in its items aside, plain HTML. Only an ordered list: a bulleted one in a styled
    box is as often a related-posts or share widget, which its box's attributes are left to tell."""
    box = _HTML_BOX.fullmatch(raw.strip())
    if box is None or "<ol" not in box.group("inner").lower():
        return False
    return _is_plain_html(_HTML_IMAGE.sub("", box.group("inner")))


_HTML_BOX = re.compile(r"<div\b[^>]*>(?P<inner>.*)</div>", re.IGNORECASE | re.DOTALL)
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


class _HtmlBlocks(HTMLParser):
    """Blocks of a plain HTML fragment: headings, paragraphs, (nested) lists with their items."""

    def __init__(self, first_line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.out: list[d.Block] = []
        self.lists: list[d.Block] = []  # open lists, innermost last
        self.items: list[d.Block] = []  # open items, innermost last
        self.text: list[str] = []  # text of the heading, paragraph or item being read
        self.links: list[tuple[str, str]] = []
        self.labels: list[str] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.label_text: list[str] | None = None
        self.heading = 0

    def read(self, raw: str) -> list[d.Block]:
        self.feed(raw)
        self.close()
        self.flush()
        return self.out

    def line(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def flush(self) -> None:
        """End the text being read: it becomes the open item's paragraph, a heading, or a paragraph."""
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()
        links, labels = self.links, self.labels
        self.text, self.links, self.labels = [], [], []
        if not text:
            return
        line = self.line()
        if self.items:
            item = self.items[-1]
            item.children.append(d.Block(d.PARAGRAPH, line, line, text=text, links=links, labels=labels))
            item.text = " ".join(c.text for c in item.children if c.kind == d.PARAGRAPH and c.text)
        elif self.heading:
            self.out.append(d.Block(d.HEADING, line, line, text=text, level=self.heading, links=links, labels=labels))
        else:
            self.out.append(d.Block(d.PARAGRAPH, line, line, text=text, links=links, labels=labels))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in _TEXT_BREAK_TAGS or tag[:1] == "h" and tag[1:].isdigit():
            self.flush()
        if tag in ("ol", "ul"):
            start = values.get("start") or ""
            number = int(start) if tag == "ol" and start.isdigit() else (1 if tag == "ol" else None)
            block = d.Block(d.LIST, self.line(), self.line(), ordered=tag == "ol", number=number,
                            level=len(self.lists))
            (self.items[-1].children if self.items else self.out).append(block)
            self.lists.append(block)
        elif tag == "li" and self.lists:
            owner = self.lists[-1]
            number = (owner.number or 1) + len(owner.children) if owner.ordered else None
            item = d.Block(d.ITEM, self.line(), self.line(), level=owner.level, number=number, ordered=owner.ordered)
            owner.children.append(item)
            self.items.append(item)
        elif tag[:1] == "h" and tag[1:].isdigit():
            self.heading = int(tag[1:])
        elif tag == "a":
            self.href, self.link_text = values.get("href") or "", []
        elif tag in _LABEL_TAGS:
            self.label_text = []
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href is not None:
            self.links.append((re.sub(r"\s+", " ", "".join(self.link_text)).strip(), self.href))
            self.href = None
        elif tag in _LABEL_TAGS and self.label_text is not None:
            self.labels.append("".join(self.label_text).strip())
            self.label_text = None
        elif tag == "li" and self.items:
            self.flush()
            item = self.items.pop()
            item.line_end = self.line()
        elif tag in ("ol", "ul") and self.lists:
            self.flush()
            self.lists.pop().line_end = self.line()
        elif tag == "p" or tag[:1] == "h" and tag[1:].isdigit():
            self.flush()
            self.heading = 0

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.href is not None:
            self.link_text.append(data)
        if self.label_text is not None:
            self.label_text.append(data)
