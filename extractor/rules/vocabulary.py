"""Word lists of the language files that patterns in other rule files name.

A date is written with month names in every language an article may be in, and three rule files read
dates: furniture.toml (bylines, comment headers), html_boilerplate.toml (a forum post's date) and
site_template.toml (the shape of a dated byline). Instead of three copies of every language's month names,
each language file lists its own (``month_names``, ``weekday_names``) and a pattern anywhere says
``%month_name%`` or ``%weekday_name%``: before the rules are validated, the token becomes one
alternation of every language's words, longest first, so "septembre" is tried before "sept". A
language added under ``[languages.<code>]`` in a user's rules file adds its months to every pattern.
"""
from __future__ import annotations

import re
from typing import Any

# token in a pattern -> the language field whose words it stands for
TOKENS = {"%month_name%": "month_names", "%weekday_name%": "weekday_names"}


def alternation(words: set[str]) -> str:
    """``(?:septembre|sept|...)``: escaped, longest first; a list nobody filled never matches."""
    if not words:
        return "(?!)"
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def expand_vocabulary(data: dict[str, Any]) -> dict[str, Any]:
    """The raw rules with every token replaced in every string outside the language tables."""
    languages = data.get("languages") or {}
    replacements = {
        token: alternation({word.lower() for lang in languages.values() if isinstance(lang, dict)
                            for word in lang.get(field) or () if isinstance(word, str)})
        for token, field in TOKENS.items()}

    def expand(value: Any) -> Any:
        if isinstance(value, str):
            for token, words in replacements.items():
                if token in value:
                    value = value.replace(token, words)
            return value
        if isinstance(value, dict):
            return {key: expand(item) for key, item in value.items()}
        if isinstance(value, list):
            return [expand(item) for item in value]
        return value

    return {section: value if section == "languages" else expand(value) for section, value in data.items()}
