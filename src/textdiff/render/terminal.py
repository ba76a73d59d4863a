"""Terminal output with rich: struck-through deletions, green insertions, moves, summary."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.text import Text

from textdiff.engine import DELETE, EQUAL, INSERT, Diff, Op
from textdiff.paragraphs import Row, Skipped, collapse, split_rows
from textdiff.render import RenderOptions
from textdiff.render.plain import wrap_plain
from textdiff.render.summary import summary_line

DELETE_STYLE = "red strike"
INSERT_STYLE = "green"
MOVE_STYLE = "cyan"
QUIET_STYLE = "dim"


def styled_ops(ops: Iterable[Op], options: RenderOptions, *, sides: str = "both") -> Text:
    """Render ops as one rich Text; ``sides`` "old" or "new" keeps only that side."""
    text = Text()
    for op in ops:
        if (sides == "old" and op.op == INSERT) or (sides == "new" and op.op == DELETE):
            continue
        piece = op.text
        if op.op == EQUAL:
            text.append(piece)
        elif piece.isspace() and not options.exact:
            if op.op == INSERT:
                text.append(piece)
        else:
            # Without colour a strike-through is invisible: fall back to git's markers.
            shown = piece if options.color else _marked(op.op, piece)
            text.append(shown, style=DELETE_STYLE if op.op == DELETE else INSERT_STYLE)
    text.rstrip()
    return text


def _marked(kind: str, piece: str) -> str:
    return "\n".join(wrap_plain(kind, line) if line.strip() else line for line in piece.split("\n"))


def skipped_text(item: Skipped) -> Text:
    """The line that stands for a run of unchanged paragraphs."""
    noun = "paragraph" if item.paragraphs == 1 else "paragraphs"
    return Text(f"⋯ {item.paragraphs} unchanged {noun} ⋯", style=QUIET_STYLE)


def move_label(row: Row) -> Text:
    """Say where a moved paragraph came from or went to."""
    assert row.move is not None
    move = row.move
    arrow = "↑" if move.new_paragraph < move.old_paragraph else "↓"
    label = Text()
    if row.side == "from":
        label.append(
            f"{arrow} paragraph {move.old_paragraph} moved to paragraph {move.new_paragraph}",
            style=MOVE_STYLE,
        )
    else:
        label.append(f"{arrow} moved from paragraph {move.old_paragraph}: ", style=MOVE_STYLE)
    return label


def render_terminal(diff: Diff, options: RenderOptions) -> Group:
    """Build the terminal view: header, changed paragraphs in context, summary."""
    lines: list[Text] = [
        Text.assemble(
            ("--- ", QUIET_STYLE), (options.old_label, "bold red" if options.color else "bold")
        ),
        Text.assemble(
            ("+++ ", QUIET_STYLE), (options.new_label, "bold green" if options.color else "bold")
        ),
    ]
    for item in collapse(split_rows(diff), options.context):
        if isinstance(item, Skipped):
            lines.append(skipped_text(item))
        elif item.move is None:
            lines.append(styled_ops(item.ops, options))
        elif item.side == "from":
            lines.append(move_label(item))
        else:
            lines.append(move_label(item) + styled_ops(item.move.ops, options))
    lines.append(Text(summary_line(diff.stats), style="bold"))
    return Group(*lines)
