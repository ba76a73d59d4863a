"""The one-line summary of a diff: words added and removed, paragraphs changed and moved."""

from __future__ import annotations

from textdiff.engine import Stats


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary_line(stats: Stats) -> str:
    """Say how big a diff is, e.g. ``+12 −4 words, 3 paragraphs changed, 1 moved``."""
    parts = [
        f"+{stats.words_added} −{stats.words_removed} words",
        f"{_plural(stats.paragraphs_changed, 'paragraph')} changed",
    ]
    if stats.paragraphs_moved:
        parts.append(f"{stats.paragraphs_moved} moved")
    return ", ".join(parts)
