"""Inline markup shared by the text formats: wrap each edited line piece in markers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textdiff.engine import DELETE, EQUAL, INSERT, Op

Wrap = Callable[[str, str], str]


def identity(text: str) -> str:
    """Return ``text`` as it is (for formats that need no escaping)."""
    return text


def mark_ops(
    ops: Iterable[Op],
    wrap: Wrap,
    *,
    escape: Callable[[str], str] = identity,
    exact: bool = False,
) -> str:
    """Render ops inline; ``wrap(kind, text)`` marks one edited piece of one line.

    Markers never span a line break and leave a piece's outer blanks outside, so that every
    line reads on its own (and Markdown emphasis stays valid). Unless ``exact``, an edit of
    white space only is not marked: deleted blanks are dropped, inserted ones kept.
    """
    parts: list[str] = []
    for op in ops:
        if op.op == EQUAL:
            parts.append(escape(op.text))
        elif op.text.isspace() and not exact:
            if op.op == INSERT:
                parts.append(escape(op.text))
        else:
            parts.append(mark_text(op.op, op.text, wrap, escape=escape))
    return "".join(parts)


def mark_text(kind: str, text: str, wrap: Wrap, *, escape: Callable[[str], str] = identity) -> str:
    """Wrap each line piece of one edited text, keeping line breaks and edge blanks outside."""
    assert kind in (DELETE, INSERT)
    parts: list[str] = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body) :]
        core = body.strip()
        if core:
            start = body.index(core)
            lead, trail = body[:start], body[start + len(core) :]
            parts.append(escape(lead) + wrap(kind, escape(core)) + escape(trail) + ending)
        elif body:
            parts.append(wrap(kind, escape(body)) + ending)
        else:
            parts.append(ending)
    return "".join(parts)
