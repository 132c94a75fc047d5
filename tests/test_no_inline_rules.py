"""No word list or numeric threshold inline in stages/ or readers/: they belong in the rules (extractor/data/).

An AST scan finds literal lists/sets/tuples of three or more lowercase words, and numbers other than
0, 1 and -1 (match-group numbers and cache sizes aside). Each exception is in ``ALLOWED`` with the
reason; a stale entry (its code moved into the rules) fails too, so the list only shrinks.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import extractor

PACKAGE = Path(extractor.__file__).parent
SCANNED = ("stages", "readers")
_WORD = re.compile(r"^[a-z][a-z'’-]*(?: [a-z'’-]+)*$")
_POSITION_CALLS = {"group", "start", "end", "span"}

ISSUE_12 = "owned by issue 12 work (HTML reader rewrite), to be moved into Rules.html when it lands"

# (module under extractor/, scope) -> why the literal stays. A scope is a function, class or module-level
# name; "*" exempts the whole module (not checked for staleness).
ALLOWED: dict[tuple[str, str], str] = {
    ("readers/html_main.py", "*"): ISSUE_12,
    ("readers/html_blocks.py", "*"): ISSUE_12,
    ("readers/html.py", "*"): ISSUE_12,
    ("stages/structured.py", "*"): ISSUE_12 + " (its step-similarity cut-offs)",
    ("readers/decode.py", "*"): "byte-level encoding detection (control-byte and zero-byte shares, sample sizes): "
                                "how bytes become text, decided before any rule about articles applies",
    ("readers/html_decode.py", "*"): "the same, for HTML (the <meta charset> prescan window of the HTML standard)",
    ("stages/language.py", "_ASCII_NON_WORD"): "the 128 ASCII code points, a character-set fact (issue 15's fast split of "
                                               "ASCII text into the words the word pattern finds), not a tuned value",
    ("readers/markdown.py", "parser"): "markdown-it's nesting limit: a guard against hostile input, not a heuristic",
    ("readers/markdown.py", "_CONTAINER_INDENT"): "Python-Markdown indents an admonition's or a content tab's body by "
                                                  "four spaces: syntax, not a tuned value",
    ("readers/markdown.py", "_TEXT_BREAK_TAGS"): "HTML element names (block elements that end a text run): markup vocabulary",
    ("readers/markdown.py", "_LABEL_TAGS"): "HTML element names (bold and code, read as UI labels): markup vocabulary",
    ("readers/markdown.py", "_LIQUID_TAGS"): "Liquid's own tag names (control flow, includes): markup vocabulary",
    ("readers/markdown.py", "_CODE_SHORTCODES"): "names of Hugo code shortcodes: markup vocabulary, like HTML element names",
    ("readers/markdown.py", "_CODE_INDENT"): "CommonMark's indented code block (4 columns), as markdown-it tests it: "
                                             "fixed by the syntax, not a heuristic",
    ("readers/markdown.py", "_TAB_STOP"): "CommonMark's tab stops (every 4 columns), as markdown-it counts them: "
                                          "fixed by the syntax",
    ("readers/markdown.py", "blocks"): "token offsets (open, inline, close) in markdown-it's token stream",
    ("readers/markdown.py", "_NESTED_BY"): "two spaces, the least indent a writer nests a list item by: how Markdown "
                                           "is written, like _CONTAINER_INDENT, not a tuned value",
    ("readers/front_matter.py", "_PLAIN_SCALARS"): "the YAML core schema's scalar tag names (what a plain front matter "
                                                  "value may be): format vocabulary, like HTML element names",
    ("readers/structured_data.py", "_nodes"): "a nesting guard against hostile JSON-LD, not a heuristic",
    ("readers/structured_data.py", "_microdata_steps"): "two list items make a step list, as steps.limits.min_steps",
    ("readers/structured_data.py", "_MAX_OPENINGS"): "a bound on the work of decoding a script, not a heuristic",
    ("readers/structured_data.py", "_MAX_NESTING"): "a nesting guard against hostile scripts, not a heuristic",
    ("readers/structured_data.py", "_string_around"): "an even count of backslashes leaves a quote unescaped: JSON syntax",
    ("readers/html_steps.py", "MIN_STEPS"): "a steps container holds two steps or more, as steps.limits.min_steps; "
                                            + ISSUE_12,
    ("readers/html_steps.py", "NEVER_CONTAINERS"): "HTML element names, markup vocabulary",
    ("readers/html_steps.py", "ingredient_containers"): "HTML element names, markup vocabulary",
    ("readers/html_choice.py", "PARAGRAPH_TAGS"): "HTML element names, markup vocabulary",
    ("readers/html_steps.py", "step_groups"): "steps are split into groups only when there are two groups or more, "
                                              "by definition of a split",
    ("stages/units.py", "<module>"): "unit kinds: names in the code, not words of a language",
    ("stages/units.py", "PSEUDO_HEADING_LEVEL"): "a heading level encoding (below h1-h6), not a tuned value",
    ("stages/units.py", "_starts_with_action_gerund"): "English gerund spelling (-ing, doubled consonant): a spelling "
                                                       "rule, to move to lang/en.toml when a second language needs it",
    ("stages/units.py", "_ways_with_their_actions"): "ways to choose between are two or more, by definition",
    ("stages/units.py", "_labelled_numbered_lists"): "the bullet's two parts, its label and its numbered list: the "
                                                     "shape looked for, not a tuned value",
    ("stages/furniture.py", "_INVITATION_KINDS"): "boilerplate kinds (model.BoilerplateKind names) whose sign-off "
                                                  "lines go with them: names in the code, not words of a language",
    ("stages/units.py", "_modal_instruction"): "word positions in 'you need to <verb>', not a threshold",
    ("stages/units.py", "_plain_paragraph_units"): "a run-on paragraph holds two inline numbers or more "
                                                   "(one number is a list marker, not a run)",
    ("stages/procedures.py", "BELOW_EVERY_HEADING"): "a heading level encoding (below every heading), not a tuned value",
    ("stages/annotate.py", "_find_shortcuts"): "a key combination is two keys or more, by definition",
    ("stages/metadata.py", "MAX_EXTRA_NODES"): "a safety limit against YAML alias bombs (see limits.py), not a heuristic",
    ("stages/metadata.py", "normalise_metadata"): "length of a value quoted in a warning message",
    ("stages/render.py", "block_markdown"): "Markdown has six heading levels",
    ("readers/markdown.py", "rewrite_step_components"): "Markdown has six heading levels (a <Step title> heading "
                                                         "goes no deeper)",
}


def _findings(path: Path) -> list[tuple[str, int, str]]:
    """(scope, line, what) for each literal word list or number in one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, scope: str) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            scope = node.name
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and scope == "<module>":
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            if len(names) == 1:
                scope = names[0]
        if isinstance(node, (ast.List, ast.Set, ast.Tuple)) and len(node.elts) >= 3 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) and _WORD.match(e.value) for e in node.elts):
            found.append((scope, node.lineno, f"word list {[e.value for e in node.elts][:4]}..."))
            return
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _POSITION_CALLS:
                return  # match.group(2), match.start(1): positions, not thresholds
            for child in [node.func, *node.args]:
                visit(child, scope)
            for keyword in node.keywords:
                if keyword.arg != "maxsize":
                    visit(keyword.value, scope)
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
                and node.value not in (0, 1, -1):
            found.append((scope, node.lineno, f"number {node.value!r}"))
        for child in ast.iter_child_nodes(node):
            visit(child, scope)

    visit(tree, "<module>")
    return found


def _scan() -> dict[tuple[str, str], list[str]]:
    hits: dict[tuple[str, str], list[str]] = {}
    for folder in SCANNED:
        for path in sorted((PACKAGE / folder).glob("*.py")):
            module = path.relative_to(PACKAGE).as_posix()
            for scope, line, what in _findings(path):
                hits.setdefault((module, scope), []).append(f"{module}:{line} ({scope}): {what}")
    return hits


def test_no_word_list_or_threshold_inline_in_stages_or_readers():
    hits = _scan()
    inline = [line for (module, scope), lines in hits.items()
              if (module, scope) not in ALLOWED and (module, "*") not in ALLOWED for line in lines]
    assert not inline, "move these into extractor/data/ (a field of Rules), or allow them with a reason:\n" + \
        "\n".join(inline)


def test_every_allowed_exception_is_still_needed():
    hits = _scan()
    stale = [key for key in ALLOWED if key[1] != "*" and key not in hits]
    assert not stale, f"these exceptions no longer have a literal to excuse; remove them from ALLOWED: {stale}"


def test_the_scan_finds_what_it_looks_for(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("STOP = {'click', 'press', 'tap'}\n\ndef f(text):\n    return len(text) > 80 and m.group(2)\n")
    found = _findings(module)
    assert [(scope, what.split()[0]) for scope, _, what in found] == [("STOP", "word"), ("f", "number")]
