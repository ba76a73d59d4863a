"""Capture from the web, against a real HTTP server on localhost (no test touches the internet)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git, run
from site_server import CHROME, Page, Site, news_page, seed_parts
from textdiff.capture.urls import article_id_for, clean_url

TITLE, PARAGRAPHS = seed_parts()
CANONICAL = "https://news.example.org/2024/05/nato-escalation/"
ARTICLE_ID = "news.example.org/2024/05/nato-escalation"


def page(paragraphs: list[str] | None = None, **kwargs: object) -> Page:
    text = news_page(TITLE, PARAGRAPHS if paragraphs is None else paragraphs, canonical=CANONICAL)
    return Page(body=text.encode("utf-8"), **kwargs)  # type: ignore[arg-type]


def snapshot(store: Path, *args: str):  # type: ignore[no-untyped-def]
    return run("snapshot", "--store", str(store), "--timeout", "2", *args)


def stored(store: Path, article_id: str = ARTICLE_ID) -> str:
    return (store / f"{article_id}.md").read_text(encoding="utf-8")


def test_a_url_is_fetched_extracted_and_filed_without_the_page_chrome(
    site: Site, tmp_path: Path
) -> None:
    url = site.serve(
        "/story", page(etag='"v1"', headers={"Last-Modified": "Tue, 28 May 2024 10:00:00 GMT"})
    )
    result = snapshot(tmp_path / "s", url + "?utm_source=twitter&fbclid=abc")
    assert (result.exit_code, result.stdout) == (0, f"{ARTICLE_ID}: new article\n")
    text = stored(tmp_path / "s")
    assert text.startswith(
        f"# {TITLE}\n\nURL: {CANONICAL}\nByline: Gary Wilson\nPublished: 2024-05-28\n\n"
    )
    for paragraph in PARAGRAPHS:
        assert " ".join(paragraph.split()) in text
    for chrome in CHROME:
        assert chrome not in text
    trailers = git(tmp_path / "s", "log", "-1", "--format=%(trailers)")
    assert f"Final-URL: {url}?utm_source=twitter&fbclid=abc" in trailers
    assert "HTTP-Status: 200" in trailers and 'ETag: "v1"' in trailers
    assert "Last-Modified: Tue, 28 May 2024 10:00:00 GMT" in trailers
    assert "Extractor: trafilatura " in trailers
    assert site.requests[0][1]["User-Agent"].startswith("textdiff/")


def test_two_url_variants_of_one_story_are_one_article(site: Site, tmp_path: Path) -> None:
    site.serve("/story", page())
    snapshot(tmp_path / "s", site.url("/story?utm_campaign=x"))
    again = snapshot(tmp_path / "s", site.url("/story#comments"))
    assert again.stdout == f"{ARTICLE_ID}: unchanged (version 1)\n"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://User:secret@News.Example.ORG/2024/05/Story.html?utm_source=x&id=7#top",
            "news.example.org/2024/05/Story/q-id=7",
        ),
        ("https://www.example.org/", "example.org/index"),
        ("http://example.org/a/../.hidden/-dash", "example.org/_hidden/_dash"),
    ],
)
def test_article_ids_from_urls(url: str, expected: str) -> None:
    assert article_id_for(url) == expected
    assert "secret" not in clean_url(url) and "#" not in clean_url(url)


def test_redirects_are_followed_and_loops_fail_in_one_line(site: Site, tmp_path: Path) -> None:
    site.serve("/story", page())
    site.serve("/old", Page(status=301, redirect="/story"))
    assert snapshot(tmp_path / "s", site.url("/old")).exit_code == 0
    site.serve("/loop-a", Page(status=302, redirect="/loop-b"))
    site.serve("/loop-b", Page(status=302, redirect="/loop-a"))
    result = snapshot(tmp_path / "s", site.url("/loop-a"))
    assert result.exit_code == 1
    assert "redirects (a redirect loop?)" in result.stdout


def test_a_page_that_goes_away_is_recorded_as_unpublished(site: Site, tmp_path: Path) -> None:
    store = tmp_path / "s"
    url = site.serve("/story", page())
    snapshot(store, url)
    site.pages["/story"] = Page(status=410, body=b"gone", content_type="text/plain")
    result = snapshot(store, url)
    assert result.stdout == f"{ARTICLE_ID}: unpublished (HTTP 410); version 2 kept\n"
    text = stored(store)
    assert "Status: unpublished" in text and " ".join(PARAGRAPHS[0].split()) in text
    assert "Event: unpublished" in git(store, "log", "-1", "--format=%(trailers)")
    history = json.loads(run("log", ARTICLE_ID, "--json", "--store", str(store)).stdout)
    assert history[-1]["trailers"]["Event"] == "unpublished"
    assert "unpublished" in run("log", ARTICLE_ID, "--store", str(store)).stdout
    again = snapshot(store, url)
    assert again.stdout == f"{ARTICLE_ID}: unchanged (version 2)\n"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (Page(status=404, body=b"no"), "HTTP 404, and the store has no version of it"),
        (Page(status=500, body=b"oops"), "HTTP 500"),
        (
            Page(body=b"%PDF-1.4 ...", content_type="application/pdf"),
            "not an article page (content type application/pdf)",
        ),
        (Page(body=b"\x89PNG", content_type="image/png"), "content type image/png"),
        (Page(hang=5), "no complete answer within 2 s"),
        (Page(body=b"<html>" + b"x" * 400, drip=0.05), "no complete answer within 2 s"),
        (Page(body=b"<html>" + b"x" * (11 * 1024 * 1024)), "over the 10,485,760-byte limit"),
    ],
    ids=["404", "500", "pdf", "image", "no-answer", "drip", "oversized"],
)
def test_bad_answers_fail_in_one_line_and_do_not_stop_the_others(
    site: Site, tmp_path: Path, setup: Page, message: str
) -> None:
    site.serve("/bad", setup)
    good = site.serve("/story", page())
    result = snapshot(tmp_path / "s", site.url("/bad"), good)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert message in lines[0], lines[0]
    assert lines[1] == f"{ARTICLE_ID}: new article"
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "source",
    ["file:///etc/passwd", "ftp://example.org/x", "data:text/html,<p>x</p>", "javascript:alert(1)"],
)
def test_only_http_and_https_are_fetched(tmp_path: Path, source: str) -> None:
    result = snapshot(tmp_path / "s", source)
    assert result.exit_code == 2
    assert "only http and https" in result.stderr and result.stderr.count("\n") == 1


def test_charsets_wrong_missing_and_gzip(site: Site, tmp_path: Path) -> None:
    words = [
        "Café société résumé naïve façade — the minister’s “final” word on the matter.",
        *PARAGRAPHS[:3],
    ]
    text = news_page("Über die Straße", words, canonical="https://example.org/charset")
    # The header lies (Latin-1) about a UTF-8 body.
    site.serve(
        "/wrong", Page(body=text.encode("utf-8"), content_type="text/html; charset=iso-8859-1")
    )
    # No charset in the header; the document declares windows-1252 and is encoded so.
    cp1252 = text.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    site.serve("/missing", Page(body=cp1252, content_type="text/html"))
    site.serve("/gzip", Page(body=text.encode("utf-8"), gzip=True))
    for path in ("/wrong", "/missing", "/gzip"):
        store = tmp_path / path.strip("/")
        result = snapshot(store, "--id", "charset", site.url(path))
        assert result.exit_code == 0, result.stdout
        content = stored(store, "charset")
        assert "# Über die Straße" in content
        assert "Café société résumé naïve façade — the minister’s “final” word" in content


def test_a_collapsed_extraction_is_suspect_and_not_filed_without_force(
    site: Site, tmp_path: Path
) -> None:
    store = tmp_path / "s"
    url = site.serve("/story", page())
    snapshot(store, url)
    site.pages["/story"] = page(["Subscribe to keep reading this article."])
    result = snapshot(store, url)
    assert result.exit_code == 1
    assert "suspect" in result.stdout and "--force" in result.stdout
    assert git(store, "rev-list", "--count", "HEAD").strip() == "1"
    site.pages["/story"] = Page(body=b"<html><body></body></html>")
    assert "no article text" in snapshot(store, url).stdout
    forced = snapshot(store, "--force", url)
    assert forced.exit_code == 0
    assert git(store, "rev-list", "--count", "HEAD").strip() == "2"


def test_keep_raw_stores_the_page_as_fetched(site: Site, tmp_path: Path) -> None:
    url = site.serve("/story", page())
    snapshot(tmp_path / "s", "--keep-raw", url)
    raw = tmp_path / "s" / f"{ARTICLE_ID}.html.gz"
    assert gzip.decompress(raw.read_bytes()) == site.pages["/story"].body
    assert git(tmp_path / "s", "status", "--porcelain") == ""


def test_user_agent_can_be_set(site: Site, tmp_path: Path) -> None:
    url = site.serve("/story", page())
    snapshot(tmp_path / "s", "--user-agent", "NewsroomBot/2.0", url)
    assert site.requests[-1][1]["User-Agent"] == "NewsroomBot/2.0"


def test_a_saved_html_file_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "saved.html"
    path.write_text(news_page(TITLE, PARAGRAPHS, canonical=CANONICAL), encoding="utf-8")
    result = snapshot(tmp_path / "s", str(path))
    assert result.stdout == f"{ARTICLE_ID}: new article\n"
    assert "Most read" not in stored(tmp_path / "s")


def test_track_then_refresh_files_only_what_changed(site: Site, tmp_path: Path) -> None:
    store = tmp_path / "s"
    urls = []
    for n in range(3):
        body = news_page(
            f"Story {n}",
            [
                f"Story {n} paragraph {k} tells what happened on the day, in some detail."
                for k in range(6)
            ],
            canonical=site.url(f"/story-{n}"),
        )
        urls.append(site.serve(f"/story-{n}", Page(body=body.encode(), etag=f'"{n}-1"')))
    tracked = run("track", "--store", str(store), *urls)
    assert tracked.exit_code == 0, tracked.stdout
    watchlist = (store / "watchlist.txt").read_text(encoding="utf-8")
    assert all(url in watchlist for url in urls)
    assert "watchlist: track 3 articles" in git(store, "log", "--format=%s")

    changed = news_page(
        "Story 1",
        ["Story 1 paragraph 0 now says something new and longer."]
        + [
            f"Story 1 paragraph {k} tells what happened on the day, in some detail."
            for k in range(1, 6)
        ],
        canonical=site.url("/story-1"),
    )
    site.pages["/story-1"] = Page(body=changed.encode(), etag='"1-2"')
    site.pages["/story-2"] = Page(status=500, body=b"down")
    site.requests.clear()
    result = run("refresh", "--store", str(store), "--json", "--timeout", "2")
    assert result.exit_code == 1  # story-2 failed
    report = {row["id"]: row for row in json.loads(result.stdout)}
    first, second, third = (article_id_for(url) for url in urls)
    assert report[first]["status"] == "unchanged"
    assert report[second]["status"] == "changed" and report[second]["version"] == 2
    assert report[third]["status"] == "failed" and "HTTP 500" in report[third]["detail"]
    conditional = {path: headers.get("If-None-Match") for path, headers in site.requests}
    assert conditional["/story-0"] == '"0-1"'  # the server could answer 304

    table = run("refresh", "--store", str(store), "--only", first)
    assert table.exit_code == 0
    assert "unchanged" in table.stdout


def test_refresh_needs_a_watch_list(tmp_path: Path) -> None:
    run("init", str(tmp_path / "s"))
    result = run("refresh", "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "watch list is empty" in result.stderr


def test_refresh_from_a_real_process_without_network(site: Site, tmp_path: Path) -> None:
    url = site.url("/story")
    body = news_page(TITLE, PARAGRAPHS, canonical=url).encode()
    site.serve("/story", Page(body=body, etag='"a"'))
    store = tmp_path / "s"
    assert run("track", "--store", str(store), url).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "textdiff", "refresh", "--store", str(store)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "unchanged" in done.stdout
