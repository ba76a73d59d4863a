"""Renderers: turn a diff into terminal output, markup, JSON, HTML, Markdown or counts.

Renderers build output and never print; the command line decides where it goes.
"""

from __future__ import annotations

from typing import NamedTuple

FORMATS = ("terminal", "plain", "side-by-side", "json", "markdown", "html", "stat")


class RenderOptions(NamedTuple):
    """What every renderer may need besides the diff itself."""

    old_label: str = "old"
    new_label: str = "new"
    context: int | None = None
    exact: bool = False
    color: bool = False
