"""Group a diff's ops into rows, one per line, and collapse unchanged rows around changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from textdiff.engine import Diff, Move, Op

Side = Literal["from", "to"]


class Row(NamedTuple):
    """One line of the diff: the pieces of ops on it, or one side of a moved paragraph."""

    ops: tuple[Op, ...]
    move: Move | None = None
    side: Side | None = None

    @property
    def blank(self) -> bool:
        """Tell whether the row holds only white space (a paragraph separator)."""
        return all(op.text.isspace() for op in self.ops)

    @property
    def changed(self) -> bool:
        """Tell whether anything on the row was deleted or inserted."""
        return self.move is not None or any(op.op != "equal" for op in self.ops)


class Skipped(NamedTuple):
    """A run of unchanged paragraphs left out of the output."""

    paragraphs: int


def split_rows(diff: Diff) -> list[Row]:
    """Cut the ops into rows at every line break; each side of a move is a row of its own."""
    from textdiff.engine import Op

    side_of_op: dict[int, tuple[Move, Side]] = {}
    for move in diff.moves:
        side_of_op[move.delete] = (move, "from")
        side_of_op[move.insert] = (move, "to")
    rows: list[Row] = []
    current: list[Op] = []
    for index, op in enumerate(diff.ops):
        if index in side_of_op:
            if current:
                rows.append(Row(tuple(current)))
                current = []
            move, side = side_of_op[index]
            rows.append(Row((op,), move, side))
            continue
        for piece in op.text.splitlines(keepends=True):
            current.append(Op(op.op, piece))
            if piece.endswith(("\n", "\r")):
                rows.append(Row(tuple(current)))
                current = []
    if current:
        rows.append(Row(tuple(current)))
    return rows


def collapse(rows: Sequence[Row], context: int | None) -> list[Row | Skipped]:
    """Keep changed rows and ``context`` paragraphs around each; skip the rest.

    ``None`` keeps every row. Blank rows do not count as paragraphs.
    """
    if context is None:
        return list(rows)
    paragraph_rows = [index for index, row in enumerate(rows) if not row.blank]
    keep: set[int] = set()
    for position, index in enumerate(paragraph_rows):
        if rows[index].changed:
            low = max(0, position - context)
            high = min(len(paragraph_rows), position + context + 1)
            keep.update(paragraph_rows[low:high])
    result: list[Row | Skipped] = []
    skipped = 0
    for index, row in enumerate(rows):
        if index in keep:
            if skipped:
                result.append(Skipped(skipped))
                skipped = 0
            result.append(row)
        elif not row.blank:
            skipped += 1
        elif result and isinstance(result[-1], Row) and skipped == 0 and index + 1 in keep:
            # A separator between two kept paragraphs stays, so they do not run together.
            result.append(row)
    if skipped:
        result.append(Skipped(skipped))
    return result
