"""JSON: the ops, the moves among them and the word counts, as one object."""

from __future__ import annotations

import json
from typing import Any

from textdiff.engine import Diff, Op
from textdiff.render import RenderOptions

SCHEMA_VERSION = 1


def _ops(ops: tuple[Op, ...]) -> list[dict[str, str]]:
    return [{"op": op.op, "text": op.text} for op in ops]


def diff_document(diff: Diff, options: RenderOptions) -> dict[str, Any]:
    """Build the JSON document of a diff (schema in the README)."""
    return {
        "schema": SCHEMA_VERSION,
        "old": options.old_label,
        "new": options.new_label,
        "exact": options.exact,
        "changed": diff.changed,
        "ops": _ops(diff.ops),
        "moves": [
            {
                "delete": move.delete,
                "insert": move.insert,
                "old_paragraph": move.old_paragraph,
                "new_paragraph": move.new_paragraph,
                "similarity": move.similarity,
                "ops": _ops(move.ops),
            }
            for move in diff.moves
        ],
        "stats": diff.stats._asdict(),
    }


def render_json(diff: Diff, options: RenderOptions) -> str:
    """Render the diff as one JSON object followed by a line break."""
    return json.dumps(diff_document(diff, options), ensure_ascii=False, indent=2) + "\n"
