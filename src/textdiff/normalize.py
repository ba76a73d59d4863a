"""Normalise text so that differences a reader cannot see do not count as edits."""

from __future__ import annotations

import re
import unicodedata

# Line separators other than LF that text copied from the web or from Windows carries.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_whitespace(text: str) -> str:
    """Return ``text`` in NFC with LF line ends, single blanks and no trailing blanks.

    Runs of blank lines become one blank line, leading and trailing blank lines go, and a
    non-empty result ends with exactly one line break. Line breaks inside a paragraph stay.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    # str.split() with no argument splits at any Unicode white space (tabs, non-breaking and
    # thin spaces) and drops it at both ends: one C call per line.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip("\n")
    return text + "\n" if text else ""


def reflow_paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines, each re-flowed to one normalised line."""
    text = normalize_whitespace(text).rstrip("\n")
    return [" ".join(block.split("\n")) for block in text.split("\n\n") if block.strip()]
