"""The watch list: the store's ``watchlist.txt``, one URL a line, ``#`` for comments."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textdiff.capture.urls import article_id_for

WATCHLIST = "watchlist.txt"
HEADER = (
    "# Articles that 'textdiff refresh' fetches: one URL a line. Edit freely; lines starting\n"
    "# with '#' are comments. 'textdiff track URL' adds to it.\n"
)


def read_watchlist(folder: Path) -> list[str]:
    """The URLs of the watch list in ``folder`` (none when there is no list)."""
    try:
        text = (folder / WATCHLIST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def add_to_watchlist(folder: Path, urls: Iterable[str]) -> tuple[str, list[str]]:
    """The watch list's new text with ``urls`` added, and which were new (by article id)."""
    path = folder / WATCHLIST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = HEADER
    known = {article_id_for(url) for url in read_watchlist(folder)}
    added = []
    for url in urls:
        identity = article_id_for(url)
        if identity not in known:
            known.add(identity)
            added.append(url)
    if not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"{url}\n" for url in added), added
