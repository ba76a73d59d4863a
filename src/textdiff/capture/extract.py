"""HTML to article: trafilatura finds the body and the metadata; nothing here parses HTML."""

from __future__ import annotations

from typing import NamedTuple

from textdiff.article import Article
from textdiff.normalize import reflow_paragraphs

EXTRACTOR = "trafilatura"


class Extracted(NamedTuple):
    """What extraction found in a page."""

    article: Article
    canonical_url: str
    extractor: str


def extractor_version() -> str:
    """``trafilatura <version>``, for the commit trailers."""
    from importlib.metadata import version

    return f"{EXTRACTOR} {version('trafilatura')}"


def extract_article(page: str | bytes, url: str) -> Extracted:
    """Extract the article body, title, byline, date and canonical URL from an HTML page.

    ``page`` may be bytes, in which case trafilatura finds the encoding (from the document's
    own declaration, or by detection).
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if document is None:
        return Extracted(Article(title="", paragraphs=()), url, extractor_version())
    title = " ".join((getattr(document, "title", None) or "").split())
    text = getattr(document, "text", None) or ""
    # trafilatura gives one paragraph a line; keep that, re-flowed and normalised.
    paragraphs = [p for line in text.split("\n") for p in reflow_paragraphs(line)]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    canonical = getattr(document, "url", None) or url
    article = Article(
        title=title,
        paragraphs=tuple(paragraphs),
        url=canonical,
        byline=" ".join((getattr(document, "author", None) or "").split()),
        published=getattr(document, "date", None) or "",
    )
    return Extracted(article, canonical, extractor_version())
