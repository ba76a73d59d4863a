"""Web addresses: which ones may be fetched, and the article id each one gets."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit, urlunsplit

from textdiff.errors import InputError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UNSAFE_ID_CHARS = re.compile(r"[\x00-\x1f\x7f\\]+")
_DROPPED_SUFFIXES = (".html", ".htm", ".shtml", ".php", ".aspx", ".asp", ".jsp")


def looks_like_url(source: str) -> bool:
    """Tell whether a command-line source names a URL rather than a file."""
    return bool(_SCHEME.match(source)) and not re.match(r"^[A-Za-z]:[\\/]", source)


def check_fetchable(url: str) -> str:
    """Return ``url`` when it is http(s) with a host; refuse every other scheme."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(
            f"{url}: only http and https addresses are fetched, not {parts.scheme or 'this'}:"
        )
    if not parts.hostname:
        raise InputError(f"{url}: has no host name")
    return url


def clean_url(url: str) -> str:
    """The address to remember: lower-case host, no credentials, fragment or tracking."""
    from courlan import normalize_url  # trafilatura's own URL library

    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    bare = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    try:
        normal = normalize_url(bare, strict=False)
    except ValueError:
        normal = bare
    normal_parts = urlsplit(normal)
    return urlunsplit(normal_parts._replace(fragment=""))


def article_id_for(url: str) -> str:
    """The article id of a page: host and path, plus its query if it has one.

    ``https://News.Example.org/2024/05/story.html?utm_source=x`` becomes
    ``news.example.org/2024/05/story``.
    """
    parts = urlsplit(clean_url(url))
    host = (parts.hostname or "unknown-host").lower()
    if host.startswith("www."):
        host = host[4:]
    # "/a/../b" is "/b", as a browser resolves it.
    path = posixpath.normpath(unquote(parts.path) or "/")
    for suffix in _DROPPED_SUFFIXES:
        if path.lower().endswith(suffix):
            path = path[: -len(suffix)]
            break
    pieces = [_safe_part(piece) for piece in path.split("/") if piece]
    if parts.query:
        pieces.append(_safe_part("q-" + unquote(parts.query).replace("/", "_")))
    if not pieces:
        pieces = ["index"]
    return "/".join([host, *pieces])


def _safe_part(piece: str) -> str:
    piece = _UNSAFE_ID_CHARS.sub("_", piece).strip() or "_"
    if piece in (".", ".."):
        return "_"
    if piece.startswith((".", "-")):
        piece = "_" + piece[1:]
    return piece[:150]
