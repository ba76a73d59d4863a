"""Split text into word, punctuation and white-space tokens, losslessly.

Joining the tokens of a text always gives the text back. The rules:

- a word is a run of letters, marks and digits of any script (so Devanagari vowel signs and
  viramas stay inside their word), joined across an inner apostrophe or hyphen (``Kiev's``,
  ``high-level``, ``2024-05-28``) and, between digits, across ``.``, ``,`` and ``:`` (``15,000``,
  ``3.5``, ``10:30``);
- scripts written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) give one token
  per character, with its combining marks;
- every other character is a token of its own (a whole grapheme cluster, so an emoji sequence
  is never cut), which makes ``U.S.`` four tokens: ``U``, ``.``, ``S``, ``.``;
- a line break is a token of its own; other white space comes in runs.

These rules need Unicode properties that only the ``regex`` module knows. Its import costs
about as much as the rest of a small ``textdiff diff``, so text that holds none of the
characters where it matters (marks, letters of scripts without case such as Han or Thai,
emoji, format characters) is split by the standard library's ``re`` with the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_NO_SPACE_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_WORD_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}\p{{Pc}}]--[{_NO_SPACE_SCRIPTS}]]"
_LINE_BREAK = r"\r\n|[\n\r\v\f\x85\u2028\u2029]"
_SPACE_RUN = r"[^\S\n\r\v\f\x85\u2028\u2029]+"
_JOINER = r"(?:['’\-‐]|(?<=\d)[.,:](?=\d))"

# Alternatives in order of frequency in prose: words and spaces first.
FULL_PATTERN = (
    rf"{_WORD_CHAR}+(?:{_JOINER}{_WORD_CHAR}+)*"
    rf"|{_SPACE_RUN}"
    rf"|[{_NO_SPACE_SCRIPTS}]\p{{M}}*"
    rf"|{_LINE_BREAK}"
    r"|\X"
)
# The same rules for text without the characters listed in _NEEDS_FULL: there, a word
# character is re's \w, and every grapheme cluster is one code point (or CR LF).
_FAST = re.compile(
    rf"\w+(?:{_JOINER}\w+)*|{_SPACE_RUN}|{_LINE_BREAK}|.",
    re.DOTALL,
)
# Categories in which the two patterns may differ: marks, letters without case (Han, Thai,
# Hangul jamo, Devanagari…), modifier letters and symbols, other symbols (emoji, regional
# indicators), format characters (ZWJ, soft hyphen), connector punctuation, unassigned, and
# numbers other than ASCII digits (Thai and Khmer digits are one token each, like letters).
_NEEDS_FULL = frozenset(
    {"Mn", "Mc", "Me", "Lo", "Lm", "Sk", "So", "Cf", "Co", "Cn", "Cs", "Pc", "Nd", "Nl", "No"}
)
# ASCII controls that str.isspace() calls white space and Unicode does not.
_ODD_ASCII = re.compile("[\x1c-\x1f]")
_full: Any = None


def _full_pattern() -> Any:
    global _full
    if _full is None:
        import regex

        _full = regex.compile(FULL_PATTERN, regex.V1 | regex.DOTALL)
    return _full


def needs_full_rules(text: str) -> bool:
    """Tell whether ``text`` holds a character that only the full Unicode rules split right."""
    if _ODD_ASCII.search(text):
        return True
    if text.isascii():
        return False
    category = unicodedata.category
    return any(category(char) in _NEEDS_FULL for char in set(text) if ord(char) > 127)


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text``; ``"".join(tokenize(text)) == text``."""
    pattern = _full_pattern() if needs_full_rules(text) else _FAST
    tokens: list[str] = pattern.findall(text)
    return tokens


def tokenize_full(text: str) -> list[str]:
    """Tokenize with the full Unicode rules, whatever the text holds."""
    tokens: list[str] = _full_pattern().findall(text)
    return tokens


def count_words(text: str) -> int:
    """Count the tokens of ``text`` that are not white space: words and punctuation marks."""
    return sum(1 for token in tokenize(text) if not token.isspace())
