"""Counts only: how many words were added, removed and kept."""

from __future__ import annotations

from textdiff.engine import Diff
from textdiff.render import RenderOptions
from textdiff.render.summary import summary_line


def render_stat(diff: Diff, options: RenderOptions) -> str:
    """One line naming both sides and the size of the change."""
    stats = diff.stats
    return (
        f"{options.old_label} → {options.new_label}: {summary_line(stats)}, "
        f"{stats.words_unchanged} words unchanged\n"
    )
