"""Tables of the store: its articles, and the versions of one article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Group
from rich.table import Table

from textdiff.snapshot import Outcome
from textdiff.store import ArticleSummary, Version


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def article_table(articles: Sequence[ArticleSummary]) -> Table:
    """One row per article: id, versions, first and last capture, title."""
    table = Table(box=None, pad_edge=False)
    table.add_column("article", overflow="fold")
    for name in ("versions", "first", "last"):
        table.add_column(name, no_wrap=True)
    table.add_column("title", ratio=1)
    for article in articles:
        table.add_row(
            article.article_id,
            str(article.versions),
            _when(article.first),
            _when(article.last),
            article.title,
        )
    if not articles:
        table.add_row("(no articles yet: add one with 'textdiff snapshot FILE')", "", "", "", "")
    return table


def version_table(article_id: str, versions: Sequence[Version]) -> Table:
    """One row per version: number, capture time, words added and removed, title change."""
    table = Table(
        "version",
        "captured",
        "added",
        "removed",
        "",
        "commit",
        "title",
        title=article_id,
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    previous_title = None
    for version in versions:
        added, removed = version.words
        changed = previous_title is not None and version.title != previous_title
        marks = ["title" if changed else "", version.trailers.get("Event", "")]
        table.add_row(
            str(version.number),
            _when(version.captured),
            f"+{added}" if version.number > 1 else "",
            f"−{removed}" if version.number > 1 else "",
            " ".join(mark for mark in marks if mark),
            version.commit[:10],
            version.title,
        )
        previous_title = version.title
    return table


def refresh_table(outcomes: Sequence[Outcome]) -> Group:
    """What a refresh did: counts by status, then one row per article that needs a look."""
    counts = Counter(outcome.status for outcome in outcomes)
    summary = Table(box=None, pad_edge=False)
    for status in ("changed", "new", "unchanged", "unpublished", "suspect", "failed"):
        summary.add_column(status, justify="right")
    summary.add_row(
        *(
            str(counts[s])
            for s in ("changed", "new", "unchanged", "unpublished", "suspect", "failed")
        )
    )
    details = Table("article", "status", "version", "words", "detail", box=None, pad_edge=False)
    for outcome in outcomes:
        if outcome.status == "unchanged":
            continue
        words = (
            f"+{outcome.words_added} −{outcome.words_removed}"
            if outcome.status == "changed"
            else ""
        )
        details.add_row(
            outcome.article_id, outcome.status, str(outcome.version or ""), words, outcome.detail
        )
    return Group(summary, details) if details.row_count else Group(summary)
