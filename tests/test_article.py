"""The article file format: written and read back unchanged; text made into articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEED_ARTICLE
from textdiff.article import Article, article_from_text, format_article, parse_article

line = (
    st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


# A first paragraph that looks like a header line ("URL: …") is read as one: the one
# ambiguity of the format, left out here.
body_line = line.filter(lambda s: not re.match(r"^(URL|Byline|Published|Status): ", s))


@given(
    title=line,
    paragraphs=st.lists(body_line, max_size=5),
    url=st.one_of(st.just(""), line),
    byline=st.one_of(st.just(""), line),
)
def test_format_then_parse_gives_the_article_back(
    title: str, paragraphs: list[str], url: str, byline: str
) -> None:
    article = Article(title=title, paragraphs=tuple(paragraphs), url=url, byline=byline)
    assert parse_article(format_article(article)) == article


def test_seed_article_becomes_title_and_one_line_paragraphs() -> None:
    article = article_from_text(SEED_ARTICLE.read_text(encoding="utf-8"))
    assert article.title == "NATO's escalation in Ukraine: A recipe for direct war on Russia?"
    assert article.paragraphs[0] == "written by Gary Wilson May 28, 2024"
    assert all("\n" not in p for p in article.paragraphs)
    text = format_article(article)
    assert text.startswith("# NATO's escalation") and text.endswith("300 years.\n")
    assert "\n\n\n" not in text


def test_markdown_heading_is_the_title() -> None:
    article = article_from_text("## The headline ##\n\nBody.\n")
    assert (article.title, article.paragraphs) == ("The headline", ("Body.",))


def test_a_given_title_keeps_every_paragraph() -> None:
    article = article_from_text("First.\n\nSecond.\n", title="  Given\ntitle ")
    assert (article.title, article.paragraphs) == ("Given title", ("First.", "Second."))


def test_parse_refuses_text_without_a_heading() -> None:
    with pytest.raises(ValueError):
        parse_article("no heading here\n")
