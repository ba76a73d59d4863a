"""Plain ``[-old-]{+new+}`` markup, as ``git diff --word-diff=plain`` writes it."""

from __future__ import annotations

from textdiff.engine import DELETE, Diff
from textdiff.paragraphs import Row, Skipped, collapse, split_rows
from textdiff.render import RenderOptions
from textdiff.render.markup import mark_ops


def wrap_plain(kind: str, text: str) -> str:
    """Mark one deleted or inserted piece the way git's plain word diff does."""
    return f"[-{text}-]" if kind == DELETE else f"{{+{text}+}}"


def render_plain(diff: Diff, options: RenderOptions) -> str:
    """Render the whole new text with deletions and insertions marked inline.

    With a context, unchanged paragraphs further away are replaced by an ``@@`` line.
    """
    if options.context is None:
        return mark_ops(diff.ops, wrap_plain, exact=options.exact)
    parts = []
    for item in collapse(split_rows(diff), options.context):
        if isinstance(item, Skipped):
            noun = "paragraph" if item.paragraphs == 1 else "paragraphs"
            parts.append(f"@@ {item.paragraphs} unchanged {noun} @@\n")
        else:
            parts.append(_row(item, options))
    return "".join(parts)


def _row(row: Row, options: RenderOptions) -> str:
    return mark_ops(row.ops, wrap_plain, exact=options.exact)
