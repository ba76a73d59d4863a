"""File versions of articles into the store: normalise, skip the unchanged, commit the rest."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath
from typing import BinaryIO, Literal, NamedTuple

from textdiff.article import Article, article_from_text, format_article, parse_article
from textdiff.engine import diff_texts
from textdiff.errors import InputError
from textdiff.store import NewVersion, Store, validate_id
from textdiff.textio import read_text
from textdiff.tokenize import count_words

RAW_SUFFIX = ".html.gz"

Status = Literal["new", "changed", "unchanged", "unpublished", "suspect", "failed"]
UNPUBLISHED: Literal["unpublished"] = "unpublished"
# A new extraction under this share of the last version's words is a paywall, consent or
# error page far more often than a real edit.
COLLAPSE_SHARE = 1 / 3


class Capture(NamedTuple):
    """One article as captured, ready to be filed."""

    article_id: str
    article: Article
    source: str
    captured: datetime
    message: str = ""
    extra_trailers: tuple[tuple[str, str], ...] = ()
    # Captured from the web: an empty or collapsed extraction is suspect, not a new version.
    check_collapse: bool = False
    # "unpublished" when the page answered 404 or 410: the last text stays, marked so.
    event: str = ""
    raw: bytes | None = None


class Outcome(NamedTuple):
    """What filing one capture did."""

    article_id: str
    status: Status
    version: int
    words_added: int = 0
    words_removed: int = 0
    commit: str = ""
    detail: str = ""

    @property
    def problem(self) -> bool:
        """Tell whether this outcome needs a person's attention (exit status 1)."""
        return self.status in ("suspect", "failed")

    def describe(self) -> str:
        """One line for the user: ``new article``, ``version N (+a −r words)`` or ``unchanged``."""
        if self.status == "new":
            return f"{self.article_id}: new article"
        if self.status == "changed":
            return (
                f"{self.article_id}: version {self.version} "
                f"(+{self.words_added} −{self.words_removed} words)"
            )
        if self.status == "unchanged":
            return f"{self.article_id}: unchanged (version {self.version})"
        if self.status == "unpublished":
            return f"{self.article_id}: unpublished ({self.detail}); version {self.version} kept"
        return f"{self.article_id}: {self.status}: {self.detail}"


def file_captures(
    store: Store, captures: Sequence[Capture], *, force: bool = False
) -> list[Outcome]:
    """File each capture whose text changed, in order, as one commit each.

    A web capture whose extraction is empty or collapsed is reported as suspect and not
    filed, unless ``force``.
    """
    with store.writing():
        return _file_captures(store, captures, force)


def _file_captures(store: Store, captures: Sequence[Capture], force: bool) -> list[Outcome]:
    ids = list(dict.fromkeys(capture.article_id for capture in captures))
    latest = store.latest_texts(ids)
    counts = store.version_counts() if any(text is not None for text in latest.values()) else {}
    outcomes: list[Outcome] = []
    pending: list[tuple[int, NewVersion]] = []
    for capture in captures:
        article_id = capture.article_id
        previous = latest[article_id]
        article = capture.article
        if capture.event == UNPUBLISHED:
            if previous is None:
                outcomes.append(Outcome(article_id, "failed", 0, detail=capture.message))
                continue
            article = parse_article(previous)._replace(status=UNPUBLISHED)
        elif capture.check_collapse and not force:
            suspicion = _suspicion(article, previous)
            if suspicion:
                outcomes.append(
                    Outcome(article_id, "suspect", counts.get(article_id, 0), detail=suspicion)
                )
                continue
        text = format_article(article)
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
        if capture.event == UNPUBLISHED:
            status = UNPUBLISHED
        outcomes.append(
            Outcome(article_id, status, counts[article_id], added, removed, detail=capture.message)
        )
        trailers = capture.extra_trailers
        if capture.event:
            trailers = (*trailers, ("Event", capture.event))
        extra_files: tuple[tuple[str, bytes], ...] = ()
        if capture.raw is not None:
            extra_files = ((RAW_SUFFIX, gzip.compress(capture.raw, mtime=0)),)
        pending.append(
            (
                len(outcomes) - 1,
                NewVersion(
                    article_id=article_id,
                    text=text,
                    title=article.title,
                    captured=capture.captured,
                    source=capture.source,
                    message=capture.message,
                    words_added=added,
                    words_removed=removed,
                    extra_trailers=trailers,
                    extra_files=extra_files,
                ),
            )
        )
    commits = store.file_versions([version for _, version in pending])
    for (index, _), commit in zip(pending, commits, strict=True):
        outcomes[index] = outcomes[index]._replace(commit=commit)
    return outcomes


def _suspicion(article: Article, previous: str | None) -> str:
    """Why a web extraction should not be filed as a new version, or "" when it may."""
    words = count_words(article.body)
    if words == 0:
        return "the page gave no article text (not filed; --force files it)"
    if previous is not None:
        before = count_words(parse_article(previous).body)
        if words < before * COLLAPSE_SHARE:
            return (
                f"the page gave {words} words where the last version had {before} (a paywall, "
                "consent or error page?); not filed, --force files it"
            )
    return ""


def looks_like_html(name: str, text: str) -> bool:
    """Tell whether a source is an HTML page: by its name, else by how it starts."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html"))


def _html_capture(
    page: str,
    source: str,
    label: str,
    article_id: str | None,
    captured: datetime,
    message: str,
) -> Capture:
    """Extract a saved HTML page; its id is --id, else its canonical URL, else its name."""
    from textdiff.capture.extract import extract_article
    from textdiff.capture.urls import article_id_for, looks_like_url

    extracted = extract_article(page, "")
    if article_id is not None:
        identity = validate_id(article_id)
    elif looks_like_url(extracted.canonical_url):
        identity = validate_id(article_id_for(extracted.canonical_url))
    else:
        identity = validate_id(id_from_name(source))
    return Capture(
        identity,
        extracted.article,
        label,
        captured,
        message,
        extra_trailers=(("Extractor", extracted.extractor),),
        check_collapse=True,
    )


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
        text = read_text(source, stdin, encoding)
        label = "standard input" if source == "-" else source
        if looks_like_html(source, text):
            captures.append(_html_capture(text, source, label, article_id, captured, message))
            continue
        identity = validate_id(article_id if article_id is not None else id_from_name(source))
        article = article_from_text(text, title=title)
        captures.append(Capture(identity, article, label, captured, message))
    return captures
