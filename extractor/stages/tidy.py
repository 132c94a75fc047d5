"""Step text as an app shows it: the source's spacing slips and leftover emphasis markers tidied.

Scraped articles often put a space before punctuation ("Open Device Manager ."), glue emphasis
to the next word ("click_an empty area_ of", "are_no_ available") or leave a lone ``*`` or ``_``
behind. ``Step.text`` is what readers see, so it is tidied here; ``Step.markdown`` keeps the
source as written. Identifiers survive: ``snake_case``, ``*.tmp``, ``2 * 3``, ``/all``.
"""
from __future__ import annotations

import re

from ..memo import MISSING, Memo

# a space before closing punctuation, when the punctuation ends a word ("Apply ." but not "type .exe")
_SPACE_BEFORE = re.compile(r"[ \t]+([.,:;!?)\]](?:[.,:;!?)\]\"”’']*)?)(?=\s|$)")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])[ \t]+")
# a pair of emphasis underscores or asterisks around words: "_an empty area_", "*each device*",
# opened after a word or space and closed before a space, punctuation or the end
_EMPHASIS = re.compile(r"(?<![\w*])(?:(?P<mark>[*_]{1,3})(?P<inner>[^*_\s][^*_\n]*?)(?<=\S)(?P=mark)"
                       r"|_\s+(?P<spaced>[^*_\n]*?\w[^*_\n]*?)\s+_)(?=[\s.,:;!?)\]\"”’']|$)")
_GLUED_OPEN = re.compile(r"(?<=[^\W_])(?P<mark>[*_]{1,3})(?P<inner>[^*_\s][^*_\n]*?)(?P=mark)(?=[\s.,:;!?)\]\"”’']|$)")
# a marker with a space on one side and a word on the other, left after the pairs are gone
_STRAY = re.compile(r"(?:(?<=\s)|^)[*_]{1,3}(?=\w)|(?<=[\w.,:;!?)])[*_]{1,3}(?=\s|$)|(?:(?<=\s)|^)(?:_{1,3}|\*{1,3}(?!\s*\d))(?=\s|$)")
_SPACES = re.compile(r"[ \t]{2,}")


_tidied = Memo(maxsize=2048)  # the same step texts recur from post to post on a site


def tidy_step_text(text: str) -> str:
    """``text`` with spacing around punctuation fixed and emphasis markers removed."""
    if not text:
        return text
    found = _tidied.get(text, MISSING)
    return _tidied.get_or(text, lambda: _tidy(text)) if found is MISSING else found


def _tidy(text: str) -> str:
    # (each pattern is run only on a text holding what every match of it holds: most hold no marker)
    if "*" in text or "_" in text:
        text = _GLUED_OPEN.sub(lambda m: " " + m.group("inner"), text)
        text = _EMPHASIS.sub(lambda m: m.group("inner") or m.group("spaced"), text)
        text = _STRAY.sub("", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    if "(" in text or "[" in text:
        text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()
