"""HTML: one self-contained page, every piece of article text escaped."""

from __future__ import annotations

from html import escape

from textdiff.engine import DELETE, Diff
from textdiff.paragraphs import Row, Skipped, collapse, split_rows
from textdiff.render import RenderOptions
from textdiff.render.markup import mark_ops
from textdiff.render.summary import summary_line

_STYLE = """
body { font: 17px/1.55 Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       color: #1b1b1b; background: #fff; }
h1 { font: bold 1.1em system-ui, sans-serif; }
.summary, .skipped, .tag { font: 0.85em system-ui, sans-serif; color: #666; }
.text { white-space: pre-wrap; }
del { background: #ffe3e3; color: #8a1111; text-decoration: line-through; }
ins { background: #dcf5dc; color: #0b5d0b; text-decoration: none; }
.moved { border-left: 3px solid #6a8fd8; padding-left: 0.6em; }
.skipped { text-align: center; margin: 0.8em 0; }
"""


def _wrap(kind: str, text: str) -> str:
    return f"<del>{text}</del>" if kind == DELETE else f"<ins>{text}</ins>"


def _escape(text: str) -> str:
    return escape(text, quote=True)


def render_html(diff: Diff, options: RenderOptions) -> str:
    """Render a complete HTML page that needs no external resource."""
    title = f"{_escape(options.old_label)} → {_escape(options.new_label)}"
    body: list[str] = []
    for item in collapse(split_rows(diff), options.context):
        if isinstance(item, Skipped):
            noun = "paragraph" if item.paragraphs == 1 else "paragraphs"
            body.append(f'<div class="skipped">… {item.paragraphs} unchanged {noun} …</div>')
        elif not item.blank or item.changed:
            body.append(_row(item, options))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="und">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f'<p class="summary">{_escape(summary_line(diff.stats))}</p>\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _row(row: Row, options: RenderOptions) -> str:
    if row.move is None:
        text = mark_ops(row.ops, _wrap, escape=_escape, exact=options.exact)
        return f'<p class="text">{text.rstrip()}</p>'
    move = row.move
    if row.side == "from":
        tag = f"paragraph {move.old_paragraph} moved to paragraph {move.new_paragraph}"
        return f'<p class="moved tag">{tag}</p>'
    inner = mark_ops(move.ops, _wrap, escape=_escape, exact=options.exact)
    return (
        f'<p class="text moved"><span class="tag">moved from paragraph {move.old_paragraph}: '
        f"</span>{inner.rstrip()}</p>"
    )
