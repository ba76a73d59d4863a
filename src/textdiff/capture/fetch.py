"""Fetch pages over HTTP with httpx: time limits, size cap, redirects, conditional requests."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, NamedTuple

from textdiff import __version__
from textdiff.errors import TextdiffError

if TYPE_CHECKING:
    import httpx

DEFAULT_USER_AGENT = f"textdiff/{__version__} (article version tracker)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain", "text/markdown")
GONE = (404, 410)


class FetchError(TextdiffError):
    """A page could not be fetched, or what came back is no article."""


class FetchSettings(NamedTuple):
    """How to fetch: identity, patience and limits."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 10


class Fetched(NamedTuple):
    """One answer: the addresses, status, type and body, and the validators to reuse."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        """The page did not change since the validators sent (HTTP 304)."""
        return self.status == 304

    @property
    def gone(self) -> bool:
        """The page is no more (HTTP 404 or 410)."""
        return self.status in GONE

    @property
    def is_html(self) -> bool:
        """Tell whether the body is HTML, by its type or, with none, by its first bytes."""
        if self.content_type:
            return self.content_type in HTML_TYPES
        return self.body.lstrip()[:1] == b"<"


def make_client(settings: FetchSettings, connections: int = 10) -> httpx.AsyncClient:
    """An HTTP client with textdiff's identity, time limit and redirect cap."""
    import httpx

    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        timeout=httpx.Timeout(settings.timeout),
        headers={"User-Agent": settings.user_agent},
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        trust_env=True,
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    settings: FetchSettings,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """GET one page; an error of any kind becomes one FetchError naming the URL."""
    import httpx

    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        # The overall limit also stops a server that drips a byte at a time, which a
        # per-read timeout never would.
        return await asyncio.wait_for(_get(client, url, headers, settings), settings.timeout)
    except TimeoutError:
        raise FetchError(f"{url}: no complete answer within {settings.timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(
            f"{url}: more than {settings.max_redirects} redirects (a redirect loop?)"
        ) from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: timed out after {settings.timeout:g} s") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(f"{url}: redirected to an address that is not http(s): {exc}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], settings: FetchSettings
) -> Fetched:
    async with client.stream("GET", url, headers=headers) as response:
        content_type = response.headers.get("content-type", "")
        mime = content_type.split(";")[0].strip().lower()
        charset = response.charset_encoding
        facts = {
            "url": url,
            "final_url": str(response.url),
            "status": response.status_code,
            "content_type": mime,
            "charset": charset,
            "etag": response.headers.get("etag", ""),
            "last_modified": response.headers.get("last-modified", ""),
        }
        if response.status_code == 304 or response.status_code in GONE:
            return Fetched(body=b"", **facts)
        if response.status_code >= 400:
            raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            raise FetchError(
                f"{url}: the page is {int(declared):,} bytes, over the "
                f"{settings.max_bytes:,}-byte limit"
            )
        chunks = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > settings.max_bytes:
                raise FetchError(f"{url}: the page is over the {settings.max_bytes:,}-byte limit")
            chunks.append(chunk)
        fetched = Fetched(body=b"".join(chunks), **facts)
    if mime and mime not in HTML_TYPES and mime not in TEXT_TYPES:
        raise FetchError(f"{url}: not an article page (content type {mime})")
    return fetched


def page_text(fetched: Fetched) -> str | bytes:
    """The page as text when its encoding is known; else bytes, for the extractor to decode.

    Valid UTF-8 is taken as UTF-8 whatever the header says (a wrong header is a common
    server mistake; text in another encoding is almost never valid UTF-8).
    """
    try:
        return fetched.body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if fetched.charset:
        try:
            return fetched.body.decode(fetched.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return fetched.body
