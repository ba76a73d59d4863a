"""The article file: a small header and the body, one paragraph per line.

    # Title

    URL: https://example.org/2024/05/story
    Byline: Gary Wilson
    Published: 2024-05-28

    First paragraph.

    Second paragraph.

``Status: unpublished`` is added when the page went away (HTTP 404 or 410) and the last text
stays. It reads as Markdown on a git host, and plain ``git diff`` shows one changed paragraph as one
changed line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from textdiff.normalize import reflow_paragraphs

# Header fields in the order they are written, with the label used in the file.
FIELDS = (
    ("url", "URL"),
    ("byline", "Byline"),
    ("published", "Published"),
    ("status", "Status"),
)
_LABEL_TO_FIELD = {label: name for name, label in FIELDS}
_FIELD_LINE = re.compile(r"^(URL|Byline|Published|Status): (.+)$")
MAX_TITLE_CHARS = 300


class Article(NamedTuple):
    """An article as a reader sees it: title, what is known about it, and the paragraphs."""

    title: str
    paragraphs: tuple[str, ...]
    url: str = ""
    byline: str = ""
    published: str = ""
    status: str = ""

    @property
    def body(self) -> str:
        """The paragraphs, one a line, separated by blank lines."""
        return "".join(paragraph + "\n\n" for paragraph in self.paragraphs).rstrip("\n") + (
            "\n" if self.paragraphs else ""
        )


def format_article(article: Article) -> str:
    """Write an article in the store's file format."""
    parts = [f"# {article.title}\n" if article.title else "# (untitled)\n"]
    header = [
        f"{label}: {getattr(article, name)}" for name, label in FIELDS if getattr(article, name)
    ]
    if header:
        parts.append("\n" + "\n".join(header) + "\n")
    if article.paragraphs:
        parts.append("\n" + article.body)
    return "".join(parts)


def parse_article(text: str) -> Article:
    """Read an article file back; raises ValueError when it is not in the store's format."""
    blocks = text.split("\n\n")
    first = blocks[0]
    if not first.startswith("# ") or "\n" in first.rstrip("\n"):
        raise ValueError("the first line is not a '# Title' heading")
    title = first[2:].rstrip("\n")
    fields: dict[str, str] = {}
    rest = blocks[1:]
    if rest:
        lines = rest[0].rstrip("\n").split("\n")
        matches = [_FIELD_LINE.match(line) for line in lines]
        if all(matches):
            fields = {_LABEL_TO_FIELD[m.group(1)]: m.group(2) for m in matches if m}
            rest = rest[1:]
    paragraphs = tuple(block.rstrip("\n") for block in rest if block.strip())
    return Article(title="" if title == "(untitled)" else title, paragraphs=paragraphs, **fields)


def article_from_text(text: str, title: str | None = None) -> Article:
    """Make an article of plain text or Markdown: its first paragraph, if short, is the title.

    A ``title`` given keeps every paragraph in the body.
    """
    paragraphs = reflow_paragraphs(text)
    if title is not None:
        return Article(title=" ".join(title.split()), paragraphs=tuple(paragraphs))
    if not paragraphs:
        return Article(title="", paragraphs=())
    first = paragraphs[0]
    heading = re.match(r"^#{1,6} +(.+?)\s*#*$", first)
    if heading:
        return Article(title=heading.group(1), paragraphs=tuple(paragraphs[1:]))
    if len(first) <= MAX_TITLE_CHARS and len(paragraphs) > 1:
        return Article(title=first, paragraphs=tuple(paragraphs[1:]))
    return Article(title="", paragraphs=tuple(paragraphs))
