"""Renderers, checked as a user sees them: through a fixed-width rich Console or as text."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from typing import ClassVar

from rich.console import Console

from textdiff.engine import diff_texts
from textdiff.render import RenderOptions
from textdiff.render.html import render_html
from textdiff.render.json import render_json
from textdiff.render.markdown import render_markdown
from textdiff.render.plain import render_plain
from textdiff.render.side_by_side import render_side_by_side
from textdiff.render.stat import render_stat
from textdiff.render.terminal import render_terminal

ARTICLE = (
    "\n\n".join(
        [
            "Officials said 40 people died on Tuesday.",
            *[
                f"Background paragraph {n} repeats what was known before the attack."
                for n in range(1, 8)
            ],
            "The mayor called the attack a tragedy for the whole city.",
        ]
    )
    + "\n"
)
EDITED = ARTICLE.replace("40 people", "52 people").replace("a tragedy", "an outrage")


def console(color: bool) -> Console:
    return Console(
        file=io.StringIO(),
        width=80,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
    )


def test_terminal_marks_deletions_red_struck_and_insertions_green() -> None:
    out = console(color=True)
    result = diff_texts(ARTICLE, EDITED)
    out.print(render_terminal(result, RenderOptions(context=1, color=True)))
    segments = list(out.render(render_terminal(result, RenderOptions(context=1, color=True))))
    style_of = {s.text: s.style for s in segments if s.style}
    assert style_of["40"].color.name == "red" and style_of["40"].strike  # type: ignore[union-attr]
    assert style_of["52"].color.name == "green"  # type: ignore[union-attr]
    assert not style_of["52"].strike  # type: ignore[union-attr]
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in text


def test_terminal_collapses_unchanged_paragraphs_and_sums_up() -> None:
    out = console(color=False)
    out.print(render_terminal(diff_texts(ARTICLE, EDITED), RenderOptions(context=1)))
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert "⋯ 5 unchanged paragraphs ⋯" in text
    assert "Background paragraph 1 " in text and "Background paragraph 7 " in text
    assert "Background paragraph 4 " not in text
    assert "[-40-]{+52+}" in text  # without colour, markers carry the meaning
    assert text.rstrip().endswith("+3 −3 words, 2 paragraphs changed")
    assert "\x1b[" not in text


def test_terminal_shows_a_move_as_a_move() -> None:
    old = (
        "First paragraph has several words in it.\n\nSecond one, also long enough.\n\n"
        "Third paragraph is the one that moves.\n"
    )
    new = (
        "Third paragraph is the one that moves.\n\nFirst paragraph has several words in "
        "it.\n\nSecond one, also long enough.\n"
    )
    out = console(color=False)
    out.print(render_terminal(diff_texts(old, new), RenderOptions(context=1)))
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert "↑ moved from paragraph 3: Third paragraph is the one that moves." in text
    assert "↑ paragraph 3 moved to paragraph 1" in text
    assert "0 paragraphs changed, 1 moved" in text


def test_side_by_side_shows_changed_paragraphs_in_two_columns() -> None:
    out = console(color=False)
    out.print(render_side_by_side(diff_texts(ARTICLE, EDITED), RenderOptions("v1", "v2")))
    lines = out.file.getvalue().splitlines()  # type: ignore[attr-defined]
    header = next(line for line in lines if "v1" in line)
    assert header.index("v2") > 30
    row = next(line for line in lines if "[-40-]" in line)
    assert "{+52+}" in row
    assert not any("Background" in line for line in lines)


def test_plain_is_git_word_diff_markup_over_the_whole_text() -> None:
    text = render_plain(diff_texts(ARTICLE, EDITED), RenderOptions())
    assert "Officials said [-40-]{+52+} people died on Tuesday." in text
    assert "called the attack [-a tragedy-]{+an outrage+} for" in text
    assert "Background paragraph 4 " in text


def test_plain_markers_never_span_lines() -> None:
    text = render_plain(diff_texts("a b\n\nc d\n", "x\n"), RenderOptions())
    assert all(line.count("[-") == line.count("-]") for line in text.splitlines())


def test_plain_with_context_skips_with_a_marker_line() -> None:
    text = render_plain(diff_texts(ARTICLE, EDITED), RenderOptions(context=0))
    assert "@@ 7 unchanged paragraphs @@" in text


def test_json_rebuilds_both_texts_and_counts_words() -> None:
    document = json.loads(render_json(diff_texts(ARTICLE, EDITED), RenderOptions()))
    ops = document["ops"]
    assert "".join(o["text"] for o in ops if o["op"] != "insert") == ARTICLE
    assert "".join(o["text"] for o in ops if o["op"] != "delete") == EDITED
    assert document["stats"]["words_added"] == 3
    assert document["stats"]["words_removed"] == 3
    assert document["moves"] == []


def test_markdown_strikes_and_bolds_and_escapes() -> None:
    old, new = "Price *was* 5.\n", "Price *is* 6.\n"
    text = render_markdown(diff_texts(old, new), RenderOptions())
    assert "Price \\*~~was~~**is**\\* ~~5~~**6**." in text


def test_html_is_self_contained_and_escapes_article_text() -> None:
    old = "He wrote <script>alert(1)</script> & left.\n"
    new = "He wrote <b>bold</b> & left.\n"
    page = render_html(diff_texts(old, new), RenderOptions("a<b", "c&d"))
    assert "<script" not in page and "<b>" not in page and "a<b" not in page
    assert "&lt;" in page and "&amp; left" in page and "a&lt;b" in page
    assert "http" not in page and "src=" not in page

    class Collect(HTMLParser):
        tags: ClassVar[list[str]] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.tags.append(tag)

    parser = Collect()
    parser.feed(page)
    assert {"del", "ins"} <= set(parser.tags)


def test_stat_is_one_line_of_counts() -> None:
    text = render_stat(diff_texts(ARTICLE, EDITED), RenderOptions("v1", "v2"))
    assert text == "v1 → v2: +3 −3 words, 2 paragraphs changed, 94 words unchanged\n"
