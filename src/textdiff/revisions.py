"""Name one version of an article: ``@3``, ``@-1``, ``@2024-05-28`` or a commit id."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time

from textdiff.errors import RevisionError
from textdiff.store import Version


def split_spec(spec: str) -> tuple[str, str | None]:
    """Split ``ARTICLE@REV`` into the article id and the revision (None when absent)."""
    article_id, at, rev = spec.rpartition("@")
    if not at:
        return spec, None
    return article_id, rev


def resolve(versions: Sequence[Version], rev: str | None, article_id: str) -> Version:
    """Find the version ``rev`` names; the latest when ``rev`` is None."""
    if not versions:
        raise RevisionError(
            f"{article_id}: no such article in the store; 'textdiff list' shows what there is"
        )
    if rev is None or rev == "":
        return versions[-1]
    found = _find(versions, rev)
    if found is None:
        raise RevisionError(
            f"{article_id}@{rev}: no such version; it has versions 1 to {len(versions)} "
            f"(@-1 is the one before the latest), captured "
            f"{versions[0].captured:%Y-%m-%d} to {versions[-1].captured:%Y-%m-%d}"
        )
    return found


def _find(versions: Sequence[Version], rev: str) -> Version | None:
    if re.fullmatch(r"-?\d+", rev) and abs(int(rev)) <= len(versions):
        number = int(rev)
        if number > 0:
            return versions[number - 1]
        return versions[len(versions) - 1 + number]
    moment = _parse_moment(rev)
    if moment is not None:
        earlier = [v for v in versions if v.captured.astimezone(UTC) <= moment]
        return earlier[-1] if earlier else None
    if re.fullmatch(r"[0-9a-fA-F]{4,64}", rev):
        matches = [v for v in versions if v.commit.startswith(rev.lower())]
        return matches[0] if len(matches) == 1 else None
    return None


def _parse_moment(rev: str) -> datetime | None:
    """A date means the end of that day (UTC); a time without a zone is UTC."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", rev):
        return None
    try:
        moment = datetime.fromisoformat(rev)
    except ValueError:
        return None
    if len(rev) == 10:
        moment = datetime.combine(moment.date(), time.max)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
