"""File versions of articles into the store: normalise, skip the unchanged, commit the rest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath
from typing import BinaryIO, Literal, NamedTuple

from textdiff.article import Article, article_from_text, format_article
from textdiff.engine import diff_texts
from textdiff.errors import InputError
from textdiff.store import NewVersion, Store, validate_id
from textdiff.textio import read_text

Status = Literal["new", "changed", "unchanged"]


class Capture(NamedTuple):
    """One article as captured, ready to be filed."""

    article_id: str
    article: Article
    source: str
    captured: datetime
    message: str = ""
    extra_trailers: tuple[tuple[str, str], ...] = ()


class Outcome(NamedTuple):
    """What filing one capture did."""

    article_id: str
    status: Status
    version: int
    words_added: int = 0
    words_removed: int = 0
    commit: str = ""

    def describe(self) -> str:
        """One line for the user: ``new article``, ``version N (+a −r words)`` or ``unchanged``."""
        if self.status == "new":
            return f"{self.article_id}: new article"
        if self.status == "changed":
            return (
                f"{self.article_id}: version {self.version} "
                f"(+{self.words_added} −{self.words_removed} words)"
            )
        return f"{self.article_id}: unchanged (version {self.version})"


def file_captures(store: Store, captures: Sequence[Capture]) -> list[Outcome]:
    """File each capture whose text changed, in order, as one commit each."""
    with store.writing():
        return _file_captures(store, captures)


def _file_captures(store: Store, captures: Sequence[Capture]) -> list[Outcome]:
    ids = list(dict.fromkeys(capture.article_id for capture in captures))
    latest = store.latest_texts(ids)
    counts = store.version_counts() if any(text is not None for text in latest.values()) else {}
    outcomes: list[Outcome] = []
    pending: list[tuple[int, NewVersion]] = []
    for capture in captures:
        article_id = capture.article_id
        text = format_article(capture.article)
        previous = latest[article_id]
        if previous == text:
            outcomes.append(Outcome(article_id, "unchanged", counts.get(article_id, 0)))
            continue
        added = removed = 0
        if previous is not None:
            stats = diff_texts(previous, text).stats
            added, removed = stats.words_added, stats.words_removed
        counts[article_id] = counts.get(article_id, 0) + 1
        latest[article_id] = text
        status: Status = "new" if previous is None else "changed"
        outcomes.append(Outcome(article_id, status, counts[article_id], added, removed))
        pending.append(
            (
                len(outcomes) - 1,
                NewVersion(
                    article_id=article_id,
                    text=text,
                    title=capture.article.title,
                    captured=capture.captured,
                    source=capture.source,
                    message=capture.message,
                    words_added=added,
                    words_removed=removed,
                    extra_trailers=capture.extra_trailers,
                ),
            )
        )
    commits = store.file_versions([version for _, version in pending])
    for (index, _), commit in zip(pending, commits, strict=True):
        outcomes[index] = outcomes[index]._replace(commit=commit)
    return outcomes


def parse_time(value: str | None) -> datetime:
    """The capture time: ISO 8601 (local time when no zone is given), or now."""
    if value is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"--at {value!r}: not an ISO 8601 time; write e.g. 2024-05-28 or 2024-05-28T09:30+02:00"
        ) from None
    return moment if moment.tzinfo else moment.astimezone()


def id_from_name(name: str) -> str:
    """The default article id of a file: its name without folders and extension."""
    stem = PurePath(name).name
    return stem.rsplit(".", 1)[0] if "." in stem.strip(".") else stem


def captures_from_files(
    sources: Sequence[str],
    stdin: BinaryIO | None,
    article_id: str | None,
    captured_at: str | None,
    message: str,
    encoding: str | None,
    title: str | None = None,
) -> list[Capture]:
    """Read text or Markdown sources into captures, checking every id before filing any."""
    captured = parse_time(captured_at)
    captures = []
    for source in sources:
        if source == "-" and article_id is None:
            raise InputError("-: standard input has no name; give the article an --id")
        identity = validate_id(article_id if article_id is not None else id_from_name(source))
        text = read_text(source, stdin, encoding)
        label = "standard input" if source == "-" else source
        article = article_from_text(text, title=title)
        captures.append(Capture(identity, article, label, captured, message))
    return captures
