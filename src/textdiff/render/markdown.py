"""Markdown: ``~~old~~ **new**`` inline, moves and skipped paragraphs in italics."""

from __future__ import annotations

import re

from textdiff.engine import DELETE, Diff
from textdiff.paragraphs import Row, Skipped, collapse, split_rows
from textdiff.render import RenderOptions
from textdiff.render.markup import mark_ops
from textdiff.render.summary import summary_line

_SPECIAL = re.compile(r"([\\`*_~\[\]<>#|])")


def escape_markdown(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    return _SPECIAL.sub(r"\\\1", text)


def wrap_markdown(kind: str, text: str) -> str:
    """Strike deletions through and set insertions in bold."""
    return f"~~{text}~~" if kind == DELETE else f"**{text}**"


def render_markdown(diff: Diff, options: RenderOptions) -> str:
    """Render a Markdown document: a heading, the summary and the marked-up text."""
    title = f"{escape_markdown(options.old_label)} → {escape_markdown(options.new_label)}"
    parts = [f"### {title}\n\n", f"*{summary_line(diff.stats)}*\n\n"]
    for item in collapse(split_rows(diff), options.context):
        if isinstance(item, Skipped):
            parts.append(f"*… {item.paragraphs} unchanged paragraph(s) …*\n\n")
        else:
            parts.append(_row(item, options))
    return "".join(parts).rstrip("\n") + "\n"


def _row(row: Row, options: RenderOptions) -> str:
    if row.move is None:
        return mark_ops(row.ops, wrap_markdown, escape=escape_markdown, exact=options.exact)
    move = row.move
    if row.side == "from":
        return f"*(paragraph {move.old_paragraph} moved to paragraph {move.new_paragraph})*\n"
    inner = mark_ops(move.ops, wrap_markdown, escape=escape_markdown, exact=options.exact)
    return f"*(moved from paragraph {move.old_paragraph})* {inner}"
