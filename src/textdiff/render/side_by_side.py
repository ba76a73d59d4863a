"""Two columns, old and new, with the changed paragraphs only unless a context is asked."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from textdiff.engine import Diff
from textdiff.paragraphs import Skipped, collapse, split_rows
from textdiff.render import RenderOptions
from textdiff.render.summary import summary_line
from textdiff.render.terminal import QUIET_STYLE, move_label, skipped_text, styled_ops


def render_side_by_side(diff: Diff, options: RenderOptions) -> Table:
    """Build a two-column table of the changed paragraphs, old on the left."""
    table = Table(
        options.old_label,
        options.new_label,
        caption=summary_line(diff.stats),
        expand=True,
        show_lines=True,
    )
    context = 0 if options.context is None else options.context
    for item in collapse(split_rows(diff), context):
        if isinstance(item, Skipped):
            table.add_row(skipped_text(item), skipped_text(item))
        elif item.move is None:
            if item.blank and not (item.changed and options.exact):
                continue
            table.add_row(
                styled_ops(item.ops, options, sides="old"),
                styled_ops(item.ops, options, sides="new"),
            )
        elif item.side == "from":
            table.add_row(move_label(item), Text(""))
        else:
            ops = item.move.ops
            table.add_row(
                move_label(item) + styled_ops(ops, options, sides="old"),
                styled_ops(ops, options, sides="new"),
            )
    if not table.row_count:
        table.add_row(Text("no differences", style=QUIET_STYLE), Text(""))
    return table
