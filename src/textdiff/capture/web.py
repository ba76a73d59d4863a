"""Capture pages: fetch many at once, extract each, and turn them into captures to file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

from textdiff.capture.extract import extract_article
from textdiff.capture.fetch import Fetched, FetchError, FetchSettings, fetch, make_client, page_text
from textdiff.capture.urls import article_id_for, check_fetchable
from textdiff.snapshot import Capture, Outcome, file_captures
from textdiff.store import Store

Kind = Literal["page", "not-modified", "gone", "failed"]


class Request(NamedTuple):
    """One page to capture; the id and validators are known for tracked articles."""

    url: str
    article_id: str | None = None
    etag: str = ""
    last_modified: str = ""


class WebResult(NamedTuple):
    """What became of one request."""

    url: str
    article_id: str | None
    kind: Kind
    capture: Capture | None = None
    error: str = ""


def capture_from_fetched(
    fetched: Fetched, article_id: str | None, *, keep_raw: bool, captured: datetime
) -> Capture:
    """Extract a fetched page into a capture, with the facts of the fetch as trailers."""
    from textdiff.article import article_from_text

    if fetched.is_html:
        extracted = extract_article(page_text(fetched), fetched.final_url)
        article, canonical, extractor = extracted
        if not article.url:
            article = article._replace(url=canonical)
    else:
        text = page_text(fetched)
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        article = article_from_text(text)._replace(url=fetched.final_url)
        canonical, extractor = fetched.final_url, "text"
    identity = article_id or article_id_for(canonical or fetched.final_url)
    trailers = [
        ("Final-URL", fetched.final_url),
        ("HTTP-Status", str(fetched.status)),
        ("ETag", fetched.etag),
        ("Last-Modified", fetched.last_modified),
        ("Extractor", extractor),
    ]
    return Capture(
        article_id=identity,
        article=article,
        source=fetched.url,
        captured=captured,
        extra_trailers=tuple((key, value) for key, value in trailers if value),
        check_collapse=True,
        raw=fetched.body if keep_raw and fetched.is_html else None,
    )


async def _capture_all(
    requests: Sequence[Request],
    settings: FetchSettings,
    *,
    jobs: int,
    per_host: int,
    keep_raw: bool,
    on_done: Callable[[WebResult], None] | None,
) -> list[WebResult]:
    everything = asyncio.Semaphore(jobs)
    hosts: dict[str, asyncio.Semaphore] = {}

    async with make_client(settings, connections=jobs) as client:

        async def one(request: Request) -> WebResult:
            host = urlsplit(request.url).hostname or ""
            per = hosts.setdefault(host, asyncio.Semaphore(per_host))
            async with everything, per:
                result = await _capture_one(client, request, settings, keep_raw)
            if on_done is not None:
                on_done(result)
            return result

        return list(await asyncio.gather(*(one(request) for request in requests)))


async def _capture_one(
    client: object, request: Request, settings: FetchSettings, keep_raw: bool
) -> WebResult:
    try:
        check_fetchable(request.url)
        fetched = await fetch(
            client,  # type: ignore[arg-type]
            request.url,
            settings,
            request.etag,
            request.last_modified,
        )
    except FetchError as exc:
        return WebResult(request.url, request.article_id, "failed", error=str(exc))
    except Exception as exc:  # one broken page must never stop the others
        return WebResult(request.url, request.article_id, "failed", error=f"{request.url}: {exc}")
    if fetched.not_modified:
        return WebResult(request.url, request.article_id, "not-modified")
    if fetched.gone:
        # Without a known id, file_results looks for the article fetched from this address.
        identity = request.article_id or article_id_for(fetched.final_url)
        return WebResult(request.url, identity, "gone", error=f"HTTP {fetched.status}")
    try:
        capture = capture_from_fetched(
            fetched, request.article_id, keep_raw=keep_raw, captured=datetime.now().astimezone()
        )
    except Exception as exc:  # an extractor failure is this page's failure only
        return WebResult(
            request.url, request.article_id, "failed", error=f"{request.url}: extraction: {exc}"
        )
    return WebResult(request.url, capture.article_id, "page", capture)


def capture_urls(
    requests: Sequence[Request],
    settings: FetchSettings,
    *,
    jobs: int = 8,
    per_host: int = 2,
    keep_raw: bool = False,
    on_done: Callable[[WebResult], None] | None = None,
) -> list[WebResult]:
    """Fetch and extract every request concurrently; results in the order asked."""
    return asyncio.run(
        _capture_all(
            requests, settings, jobs=jobs, per_host=per_host, keep_raw=keep_raw, on_done=on_done
        )
    )


def _known_ids_for_gone_pages(store: Store, results: Sequence[WebResult]) -> Sequence[WebResult]:
    """A page gone before it could name its canonical address: find its article by the
    addresses earlier captures were fetched from."""
    if not any(r.kind == "gone" for r in results):
        return results
    from textdiff.capture.urls import clean_url

    by_address: dict[str, str] = {}
    for article_id, entry in store.index().items():
        for key in ("Source", "Final-URL"):
            address = entry.get("trailers", {}).get(key, "")
            if address.startswith(("http://", "https://")):
                by_address.setdefault(clean_url(address), article_id)
    return [
        r._replace(article_id=by_address.get(clean_url(r.url), r.article_id))
        if r.kind == "gone"
        else r
        for r in results
    ]


def file_results(store: Store, results: Sequence[WebResult], *, force: bool) -> list[Outcome]:
    """File what the requests brought, and say what became of each, in the order asked."""
    from textdiff.article import Article

    now = datetime.now().astimezone()
    results = _known_ids_for_gone_pages(store, results)
    captures: list[Capture] = []
    for result in results:
        if result.kind == "page" and result.capture is not None:
            captures.append(result.capture)
        elif result.kind == "gone" and result.article_id is not None:
            captures.append(
                Capture(
                    result.article_id,
                    Article("", ()),
                    result.url,
                    now,
                    message=result.error,
                    event="unpublished",
                )
            )
    filed = iter(file_captures(store, captures, force=force))
    counts: dict[str, int] | None = None
    outcomes = []
    for result in results:
        if result.kind in ("page", "gone") and result.article_id is not None:
            outcome = next(filed)
            if outcome.status == "failed":
                outcome = outcome._replace(
                    detail=f"{result.url}: {result.error}, and the store has no version of it"
                )
            outcomes.append(outcome)
        elif result.kind == "not-modified" and result.article_id is not None:
            if counts is None:
                counts = store.version_counts()
            outcomes.append(
                Outcome(
                    result.article_id,
                    "unchanged",
                    counts.get(result.article_id, 0),
                    detail="not modified (HTTP 304)",
                )
            )
        else:
            outcomes.append(
                Outcome(result.article_id or result.url, "failed", 0, detail=result.error)
            )
    return outcomes
