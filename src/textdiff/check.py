"""Check an archive: every stored copy intact and filed by textdiff; optionally, no drift.

Integrity, per article: its file parses in the store's format; its text hashes to the
SHA-256 recorded by the commit that last changed it; every commit that touched it carries
textdiff's trailers; the copy in the work tree is the committed one. For the whole store:
``git fsck`` accepts its objects. Drift (on request): the live page, or another copy of the
archive, differs from the latest archived version.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from textdiff.article import format_article, parse_article
from textdiff.store import Store, content_hash

STORE_WIDE = "(store)"


class Finding(NamedTuple):
    """One problem found, or one article found good."""

    article_id: str
    check: str
    ok: bool
    message: str = ""
    commit: str = ""


class Report(NamedTuple):
    """Everything one ``check`` found, article by article."""

    articles: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def problems(self) -> list[Finding]:
        """The findings that are problems."""
        return [finding for finding in self.findings if not finding.ok]


def check_integrity(store: Store, only: Sequence[str] = ()) -> Report:
    """Check the stored copies and the history of the store (or of the articles named)."""
    findings: list[Finding] = []
    fsck = store.fsck()
    findings.append(Finding(STORE_WIDE, "git fsck", not fsck, "; ".join(fsck)))
    history = store.article_commits()
    articles = sorted(only) if only else sorted(history)
    missing = [article_id for article_id in only if article_id not in history]
    for article_id in missing:
        findings.append(Finding(article_id, "exists", False, "no such article in the store"))
    articles = [article_id for article_id in articles if article_id in history]
    committed = store.latest_texts(articles)
    modified = set(store.modified_paths())
    for article_id in articles:
        findings.extend(
            _check_article(store, article_id, history[article_id], committed[article_id], modified)
        )
    return Report(tuple(articles), tuple(findings))


def _check_article(
    store: Store,
    article_id: str,
    commits: Sequence[tuple[str, dict[str, str]]],
    text: str | None,
    modified: set[str],
) -> list[Finding]:
    findings = []
    foreign = [sha for sha, trailers in commits if "Textdiff-Version" not in trailers]
    for sha in foreign:
        findings.append(
            Finding(
                article_id,
                "filed by textdiff",
                False,
                f"commit {sha[:12]} changed it without textdiff's trailers "
                "(an edit made with plain git?)",
                sha,
            )
        )
    if text is None:
        findings.append(
            Finding(
                article_id,
                "readable",
                False,
                "the latest version cannot be read (deleted, or a missing object)",
            )
        )
        return findings
    last_sha, last_trailers = commits[-1]
    recorded = last_trailers.get("Content-SHA256", "")
    if recorded and recorded != content_hash(text):
        findings.append(
            Finding(
                article_id,
                "content hash",
                False,
                f"the text differs from the SHA-256 recorded by commit {last_sha[:12]}",
                last_sha,
            )
        )
    try:
        parse_article(text)
    except ValueError as exc:
        findings.append(Finding(article_id, "format", False, f"not in the store's format: {exc}"))
    if store.path_of(article_id) in modified:
        findings.append(
            Finding(
                article_id,
                "work tree",
                False,
                "the copy in the folder differs from the archived one (edited by hand?)",
            )
        )
    if not findings:
        findings.append(Finding(article_id, "integrity", True))
    return findings


def check_against(store: Store, folder: Path, only: Sequence[str] = ()) -> Report:
    """Compare the archived copies with another set of files laid out like the store."""
    from textdiff.engine import diff_texts

    history = store.article_commits()
    articles = sorted(only) if only else sorted(history)
    committed = store.latest_texts([a for a in articles if a in history])
    findings = []
    for article_id in articles:
        mirror = folder / f"{article_id}.md"
        archived = committed.get(article_id)
        if archived is None:
            findings.append(Finding(article_id, "against", False, "not in the store"))
        elif not mirror.is_file():
            findings.append(Finding(article_id, "against", False, f"missing from {folder}"))
        else:
            other = mirror.read_text(encoding="utf-8", errors="replace")
            if other == archived:
                findings.append(Finding(article_id, "against", True))
            else:
                stats = diff_texts(archived, other).stats
                findings.append(
                    Finding(
                        article_id,
                        "against",
                        False,
                        f"differs from {mirror}: +{stats.words_added} −{stats.words_removed} words",
                    )
                )
    if not only:
        known = set(history)
        for path in sorted(folder.rglob("*.md")):
            article_id = path.relative_to(folder).as_posix()[: -len(".md")]
            if article_id not in known and path.name != "README.md":
                findings.append(
                    Finding(article_id, "against", False, f"extra: {path} is not in the store")
                )
    return Report(tuple(articles), tuple(findings))


def check_live(store: Store, only: Sequence[str], settings: object, jobs: int) -> Report:
    """Fetch each archived article's page again and report the ones whose text drifted."""
    from textdiff.capture.web import Request, capture_urls
    from textdiff.engine import diff_texts

    history = store.article_commits()
    articles = sorted(only) if only else sorted(history)
    texts = store.latest_texts([a for a in articles if a in history])
    requests, asked = [], []
    findings: list[Finding] = []
    for article_id in articles:
        text = texts.get(article_id)
        url = parse_article(text).url if text else ""
        if url.startswith(("http://", "https://")):
            requests.append(Request(url, article_id))
            asked.append(article_id)
        else:
            findings.append(Finding(article_id, "live", True, "no URL to fetch"))
    results = capture_urls(requests, settings, jobs=jobs)  # type: ignore[arg-type]
    for article_id, result in zip(asked, results, strict=True):
        archived = texts[article_id] or ""
        if result.kind == "gone":
            findings.append(
                Finding(article_id, "live", False, f"the page is gone ({result.error})")
            )
        elif result.kind != "page" or result.capture is None:
            findings.append(Finding(article_id, "live", False, result.error or "not fetched"))
        else:
            live = format_article(result.capture.article)
            stats = diff_texts(archived, live).stats
            if stats.words_added or stats.words_removed:
                findings.append(
                    Finding(
                        article_id,
                        "live",
                        False,
                        f"the live page differs: +{stats.words_added} −{stats.words_removed} words",
                    )
                )
            else:
                findings.append(Finding(article_id, "live", True))
    return Report(tuple(articles), tuple(findings))
