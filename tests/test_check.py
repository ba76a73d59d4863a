"""textdiff check: tampering, foreign commits and lost objects found and named; all formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import SEED_ARTICLE, git, run
from site_server import Page, Site, news_page, seed_parts

SEED = SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    for n, text in enumerate([SEED, SEED.replace("15,000", "14,000")]):
        source = tmp_path / f"v{n}.txt"
        source.write_text(text, encoding="utf-8")
        assert run("snapshot", "--store", str(folder), "--id", "nato", str(source)).exit_code == 0
    other = tmp_path / "other.txt"
    other.write_text("Other story\n\nA second article in the archive.\n", encoding="utf-8")
    run("snapshot", "--store", str(folder), "--id", "world/other", str(other))
    return folder


def check(store: Path, *args: str):  # type: ignore[no-untyped-def]
    return run("check", "--store", str(store), *args)


def test_a_clean_archive_passes(store: Path) -> None:
    result = check(store)
    assert (result.exit_code, result.stdout.strip()) == (0, "2 articles checked: all good")
    document = json.loads(check(store, "-f", "json").stdout)
    assert (document["ok"], document["articles"], document["problems"]) == (True, 2, 0)


def test_a_copy_edited_by_hand_is_named(store: Path) -> None:
    path = store / "nato.md"
    path.write_text(path.read_text().replace("14,000", "4,000"), encoding="utf-8")
    result = check(store)
    assert result.exit_code == 1
    assert "nato" in result.stdout and "edited by hand" in result.stdout
    assert "world/other" not in result.stdout.split("articles checked")[0]


def test_a_commit_made_with_plain_git_is_named_with_its_id(store: Path) -> None:
    path = store / "nato.md"
    path.write_text(path.read_text().replace("14,000", "4,000"), encoding="utf-8")
    git(store, "add", "nato.md")
    git(
        store,
        "-c",
        "user.name=Someone",
        "-c",
        "user.email=s@example.org",
        "commit",
        "-q",
        "-m",
        "quiet fix",
    )
    sha = git(store, "rev-parse", "HEAD").strip()
    findings = json.loads(check(store, "-f", "json").stdout)["findings"]
    problems = {(f["article_id"], f["check"], f["commit"]) for f in findings if not f["ok"]}
    assert ("nato", "filed by textdiff", sha) in problems
    # The commit that last changed it recorded no hash, so there is none to compare.
    assert {check_name for _, check_name, _ in problems} == {"filed by textdiff"}


def test_forged_trailers_do_not_hide_a_changed_text(store: Path) -> None:
    message = git(store, "log", "-1", "--format=%B", "--", "nato.md")
    path = store / "nato.md"
    path.write_text(path.read_text().replace("14,000", "4,000"), encoding="utf-8")
    git(store, "add", "nato.md")
    git(store, "-c", "user.name=S", "-c", "user.email=s@example.org", "commit", "-q", "-m", message)
    result = json.loads(check(store, "-f", "json").stdout)
    assert [f["check"] for f in result["findings"] if not f["ok"]] == ["content hash"]


def test_a_missing_object_is_found(store: Path) -> None:
    # Unpack the store's packs into loose objects, then lose the latest text of "nato".
    packs = list((store / ".git" / "objects" / "pack").glob("*.pack"))
    for pack in packs:
        moved = pack.with_suffix(".moved")
        shutil.move(pack, moved)
        pack.with_suffix(".idx").unlink()
        with open(moved, "rb") as data:
            subprocess.run(["git", "unpack-objects", "-q"], cwd=store, stdin=data, check=True)
        moved.unlink()
    blob = git(store, "rev-parse", "HEAD:nato.md").strip()
    (store / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = json.loads(check(store, "-f", "json").stdout)
    problems = [f for f in result["findings"] if not f["ok"]]
    assert any(f["check"] == "git fsck" and blob in f["message"] for f in problems)
    assert any(f["article_id"] == "nato" and f["check"] == "readable" for f in problems)


def test_junit_has_one_test_case_per_article(store: Path) -> None:
    (store / "nato.md").write_text("# tampered\n", encoding="utf-8")
    result = check(store, "--format", "junit")
    assert result.exit_code == 1
    root = ElementTree.fromstring(result.stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"(store)", "nato", "world/other"}
    assert cases["nato"].find("failure") is not None
    assert cases["world/other"].find("failure") is None
    assert root.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]


def test_github_annotations_point_at_the_file(store: Path) -> None:
    (store / "nato.md").write_text("# tampered\n", encoding="utf-8")
    lines = check(store, "--format", "github").stdout.splitlines()
    assert lines[0].startswith("::error file=nato.md,title=textdiff check%3A work tree::nato: ")
    assert lines[-1].startswith("::error::2 articles checked: 1 problems")


def test_against_another_copy(store: Path, tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "world").mkdir(parents=True)
    (mirror / "nato.md").write_text(
        (store / "nato.md").read_text().replace("14,000", "9"), encoding="utf-8"
    )
    (mirror / "extra.md").write_text("# Extra\n", encoding="utf-8")
    result = json.loads(check(store, "--against", str(mirror), "-f", "json").stdout)
    messages = {
        f["article_id"]: f["message"]
        for f in result["findings"]
        if f["check"] == "against" and not f["ok"]
    }
    assert messages["nato"].endswith("+1 −1 words")
    assert messages["world/other"].startswith("missing from")
    assert messages["extra"].startswith("extra:")


def test_live_reports_drift_without_filing(site: Site, tmp_path: Path) -> None:
    title, paragraphs = seed_parts()
    url = site.url("/story")
    site.serve("/story", Page(body=news_page(title, paragraphs, canonical=url).encode()))
    store = tmp_path / "s"
    run("snapshot", "--store", str(store), url)
    assert check(store, "--live").exit_code == 0
    edited = [p.replace("15,000", "14,000") for p in paragraphs]
    site.pages["/story"] = Page(body=news_page(title, edited, canonical=url).encode())
    result = check(store, "--live", "-f", "json")
    assert result.exit_code == 1
    drift = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "live"]
    assert drift[0]["message"] == "the live page differs: +1 −1 words"
    assert git(store, "rev-list", "--count", "HEAD").strip() == "1"


def test_check_of_this_projects_sample_archive() -> None:
    root = Path(__file__).resolve().parent.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    shallow = git(root, "rev-parse", "--is-shallow-repository").strip()
    if shallow == "true":
        pytest.skip("a shallow clone has no history to check")
    result = run("check", "--store", str(root / "snapshots"))
    assert result.exit_code == 0, result.stdout
