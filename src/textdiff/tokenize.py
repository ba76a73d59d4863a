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
"""

from __future__ import annotations

import regex

_NO_SPACE_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
_WORD_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}\p{{Pc}}]--[{_NO_SPACE_SCRIPTS}]]"
_LINE_BREAK = r"\r\n|[\n\r\v\f\x85\u2028\u2029]"
_SPACE_RUN = r"[^\S\n\r\v\f\x85\u2028\u2029]+"
_JOINER = r"(?:['’\-‐]|(?<=\p{Nd})[.,:](?=\p{Nd}))"

# Alternatives in order of frequency in prose: words and spaces first.
TOKEN_PATTERN = regex.compile(
    rf"{_WORD_CHAR}+(?:{_JOINER}{_WORD_CHAR}+)*"
    rf"|{_SPACE_RUN}"
    rf"|[{_NO_SPACE_SCRIPTS}]\p{{M}}*"
    rf"|{_LINE_BREAK}"
    r"|\X",
    regex.V1 | regex.DOTALL,
)


def tokenize(text: str) -> list[str]:
    """Return the tokens of ``text``; ``"".join(tokenize(text)) == text``."""
    tokens: list[str] = TOKEN_PATTERN.findall(text)
    return tokens


def is_space(token: str) -> bool:
    """Tell whether a token is white space (a run of blanks or a line break)."""
    return token.isspace()


def count_words(text: str) -> int:
    """Count the tokens of ``text`` that are not white space: words and punctuation marks."""
    return sum(1 for token in TOKEN_PATTERN.findall(text) if not token.isspace())
