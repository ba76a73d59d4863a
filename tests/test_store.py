"""The store: snapshots as commits in a real git repository, history, revisions, safety."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED_ARTICLE, git, run, run_process

SEED = SEED_ARTICLE.read_text(encoding="utf-8")
CORRECTED = SEED.replace("at least 15,000", "at least 14,000")


def snapshot(store: Path, *args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return run("snapshot", "--store", str(store), *args, input=input)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def test_snapshot_files_new_changed_and_unchanged_versions(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    first = snapshot(store, "--id", "nato", write("v1.txt", SEED))
    assert (first.exit_code, first.stdout) == (0, "nato: new article\n")
    second = snapshot(store, "--id", "nato", write("v2.txt", CORRECTED))
    assert second.stdout == "nato: version 2 (+1 −1 words)\n"
    # Only cosmetic differences: CRLF, re-wrapped lines, trailing blanks, NFD accents.
    cosmetic = CORRECTED.replace("\n", " \r\n").replace("Syrskyi, Defense", "Syrskyi,\r\nDefense")
    third = snapshot(store, "--id", "nato", write("v3.txt", cosmetic))
    assert third.stdout == "nato: unchanged (version 2)\n"
    assert git(store, "rev-list", "--count", "HEAD").strip() == "2"


def test_the_store_is_a_plain_git_repository_one_paragraph_per_line(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    snapshot(store, "--id", "nato", "--at", "2024-05-28T09:30:00+02:00", write("v1.txt", SEED))
    snapshot(store, "--id", "nato", "--at", "2024-05-29T10:00:00+00:00", write("v2.txt", CORRECTED))
    text = (store / "nato.md").read_text(encoding="utf-8")
    assert text.startswith("# NATO's escalation in Ukraine: A recipe for direct war on Russia?\n\n")
    assert "\nwritten by Gary Wilson May 28, 2024\n" in text  # re-flowed to one line
    assert all(line == line.rstrip() for line in text.splitlines())
    log = git(store, "log", "--format=%ad|%s", "--date=iso-strict")
    assert log.splitlines() == [
        "2024-05-29T10:00:00+00:00|nato: NATO's escalation in Ukraine: A recipe for direct war "
        "on Russia?",
        "2024-05-28T09:30:00+02:00|nato: NATO's escalation in Ukraine: A recipe for direct war "
        "on Russia?",
    ]
    trailers = git(store, "log", "-1", "--format=%(trailers:only,unfold)")
    assert "Captured: 2024-05-29T10:00:00+00:00" in trailers
    assert f"Content-SHA256: {hashlib.sha256(text.encode()).hexdigest()}" in trailers
    assert "Textdiff-Version: " in trailers and "Source: " in trailers
    word_diff = git(store, "log", "-1", "-p", "--word-diff=plain", "--format=")
    assert "[-15,000.-]{+14,000.+}" in word_diff
    assert git(store, "status", "--porcelain") == ""


def test_store_inside_an_existing_repository_keeps_the_users_staged_work(
    tmp_path: Path,
    write,  # type: ignore[no-untyped-def]
) -> None:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git(repo, "init", "-q")
    git(
        repo,
        "-c",
        "user.name=U",
        "-c",
        "user.email=u@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "start",
    )
    (repo / "notes.txt").write_text("draft\n")
    git(repo, "add", "notes.txt")
    (repo / "untracked.txt").write_text("mine\n")
    result = snapshot(repo / "snapshots", "--id", "nato", write("v1.txt", SEED))
    assert result.exit_code == 0
    status = git(repo, "status", "--porcelain").splitlines()
    assert sorted(status) == ["?? untracked.txt", "A  notes.txt"]
    files = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert files == ["snapshots/nato.md"]
    assert not (repo / "snapshots" / ".git").exists()


def test_list_log_and_show(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    snapshot(store, "--id", "nato", "--at", "2024-05-28T09:00:00+00:00", write("a.txt", SEED))
    snapshot(store, "--id", "nato", "--at", "2024-05-29T09:00:00+00:00", write("b.txt", CORRECTED))
    retitled = CORRECTED.replace("NATO's escalation", "NATO's trainers")
    snapshot(store, "--id", "nato", "--at", "2024-05-30T09:00:00+00:00", write("c.txt", retitled))
    snapshot(store, "--id", "other/story", write("d.txt", "Title\n\nBody text.\n"))

    listing = json.loads(run("list", "--json", "--store", str(store)).stdout)
    assert [(a["id"], a["versions"]) for a in listing] == [("nato", 3), ("other/story", 1)]
    assert listing[0]["first"] == "2024-05-28T09:00:00+00:00"
    assert listing[0]["title"].startswith("NATO's trainers")

    history = json.loads(run("log", "nato", "--json", "--store", str(store)).stdout)
    assert [
        (v["version"], v["words_added"], v["words_removed"], v["title_changed"]) for v in history
    ] == [(1, 0, 0, False), (2, 1, 1, False), (3, 1, 1, True)]
    table = run("log", "nato", "--store", str(store)).stdout
    assert "+1" in table and "title" in table

    assert "15,000" in run("show", "nato@1", "--store", str(store)).stdout
    assert "14,000" in run("show", "nato@-1", "--store", str(store)).stdout
    assert "trainers" in run("show", "nato", "--store", str(store)).stdout
    assert "15,000" in run("show", "nato@2024-05-28", "--store", str(store)).stdout
    commit = history[1]["commit"][:8]
    assert "14,000" in run("show", f"nato@{commit}", "--store", str(store)).stdout

    missing = run("show", "nato@7", "--store", str(store))
    assert missing.exit_code == 2
    assert "versions 1 to 3" in missing.stderr and missing.stderr.count("\n") == 1
    unknown = run("log", "nope", "--store", str(store))
    assert unknown.exit_code == 2 and "no such article" in unknown.stderr


def test_diff_between_versions(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    snapshot(store, "--id", "nato", write("a.txt", SEED))
    snapshot(store, "--id", "nato", write("b.txt", CORRECTED))
    latest = run("diff", "nato", "--store", str(store))
    assert latest.exit_code == 1
    assert "[-15,000.-]{+14,000.+}" in latest.stdout or "[-15,000-]{+14,000+}" in latest.stdout
    both = run("diff", "nato@1", "nato@2", "--store", str(store), "-f", "json")
    assert json.loads(both.stdout)["stats"]["words_added"] == 1
    short = run("diff", "nato@2", "@1", "--store", str(store), "-f", "stat")
    assert short.stdout.startswith("nato@2 → nato@1: +1 −1 words")
    same = run("diff", "nato@1", "nato@1", "--store", str(store))
    assert same.exit_code == 0


@pytest.mark.parametrize(
    "bad_id",
    ["../escape", "/etc/passwd", "-rf", "a//b", "a/./b", "tab\there", "a/.git/x", "a/-x", ""],
)
def test_bad_ids_are_refused_in_one_line(store: Path, write, bad_id: str) -> None:  # type: ignore[no-untyped-def]
    result = snapshot(store, "--id", bad_id, write("v1.txt", SEED))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: article id") and result.stderr.count("\n") == 1
    assert not (store / ".." / "escape.md").exists()


def test_titles_messages_and_contents_cannot_inject_into_git(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    nasty = (
        "--upload-pack=touch pwned\nSigned-off-by: evil\n\n"
        'data 3\nM 100644 inline ../x\n"quoted" \\ back\n'
    )
    result = snapshot(
        store, "--id", 'weird name/"q" story', "-m", "--exec=x\n\ndone\n", write("v1.txt", nasty)
    )
    assert result.exit_code == 0, result.stderr
    assert not Path("pwned").exists() and not (store / "pwned").exists()
    stored = (store / "weird name" / '"q" story.md').read_text(encoding="utf-8")
    assert "M 100644 inline ../x" in stored
    subject = git(store, "log", "-1", "--format=%s")
    assert subject.startswith('weird name/"q" story: --upload-pack=touch pwned')
    trailers = git(store, "log", "-1", "--format=%(trailers:only,unfold)")
    assert "Textdiff-Version: " in trailers and "Signed-off-by" not in trailers
    changed = git(store, "show", "-z", "--name-only", "--format=", "HEAD").strip("\0\n")
    assert changed.split("\0") == ['weird name/"q" story.md']
    subprocess.run(["git", "fsck", "--strict"], cwd=store, check=True, capture_output=True)


def test_standard_input_needs_an_id(store: Path) -> None:
    result = snapshot(store, "-", input=SEED)
    assert result.exit_code == 2 and "--id" in result.stderr
    assert snapshot(store, "--id", "piped", "-", input=SEED).exit_code == 0


def test_backfilled_history_in_order(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    files = [write(f"v{n}.txt", SEED.replace("15,000", f"{15_000 + n}")) for n in range(5)]
    for n, path in enumerate(files):
        snapshot(store, "--id", "story", "--at", f"2024-06-0{n + 1}T12:00:00Z", path)
    dates = git(store, "log", "--reverse", "--format=%aI").split()
    assert dates == [f"2024-06-0{n + 1}T12:00:00Z".replace("Z", "+00:00") for n in range(5)]
    bad = snapshot(store, "--id", "story", "--at", "yesterday", files[0])
    assert bad.exit_code == 2 and "--at" in bad.stderr


def test_a_git_failure_is_one_line_and_keeps_earlier_versions(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    snapshot(store, "--id", "nato", write("v1.txt", SEED))
    branch = git(store, "symbolic-ref", "HEAD").strip()
    lock = store / ".git" / f"{branch}.lock"
    lock.write_text("held by another git process\n")  # not ours: no textdiff journal
    result = snapshot(store, "--id", "nato", write("v2.txt", CORRECTED))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: git failed while") and result.stderr.count("\n") == 1
    lock.unlink()
    assert "15,000" in (store / "nato.md").read_text(encoding="utf-8")
    assert git(store, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(store, "status", "--porcelain") == ""


def test_many_sources_in_one_call_are_one_commit_each(store: Path, tmp_path: Path) -> None:
    sources = []
    for n in range(50):
        path = tmp_path / "in" / f"story-{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Story {n}\n\nBody of story number {n}.\n", encoding="utf-8")
        sources.append(str(path))
    result = snapshot(store, *sources)
    assert result.stdout.count("new article") == 50
    assert git(store, "rev-list", "--count", "HEAD").strip() == "50"
    assert all(
        len(git(store, "show", "--name-only", "--format=", c).split()) == 1
        for c in git(store, "rev-list", "HEAD").split()[:5]
    )


def _versions_in_history(store: Path) -> list[tuple[str, str]]:
    """(commit, article path) of every version, checking each content hash on the way."""
    if subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=store, capture_output=True
    ).returncode:
        return []  # killed before its first commit
    out = git(store, "log", "--format=%x01%H", "--name-only")
    found = []
    for block in out.split("\x01")[1:]:
        commit, *names = block.split()
        for name in names:
            text = git(store, "show", f"{commit}:{name}")
            trailer = git(
                store, "log", "-1", "--format=%(trailers:key=Content-SHA256,valueonly)", commit
            ).strip()
            assert hashlib.sha256(text.encode()).hexdigest() == trailer
            found.append((commit, name))
    return found


def test_concurrent_writers_lose_nothing(store: Path, tmp_path: Path) -> None:
    run("init", str(store))
    writers = []
    for writer in range(8):
        folder = tmp_path / f"w{writer}"
        folder.mkdir()
        paths = []
        for n in range(25):
            path = folder / f"v{n}.txt"
            path.write_text(f"Writer {writer}\n\nVersion {n} of the story by writer {writer}.\n")
            paths.append(str(path))
        writers.append(
            subprocess.Popen(
                [sys.executable, "-c", _SNAPSHOT_EACH, str(store), f"writer-{writer}", *paths],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    for process in writers:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert git(store, "rev-list", "--count", "HEAD").strip() == "200"
    assert len(_versions_in_history(store)) == 200
    subprocess.run(["git", "fsck", "--strict"], cwd=store, check=True, capture_output=True)
    assert git(store, "status", "--porcelain") == ""


# Each writer files its versions one process call at a time, as separate cron jobs would.
_SNAPSHOT_EACH = """
import subprocess, sys
store, article, *paths = sys.argv[1:]
for path in paths:
    subprocess.run([sys.executable, "-m", "textdiff", "snapshot", "--store", store,
                    "--id", article, path], check=True, capture_output=True)
"""


def test_a_killed_writer_never_leaves_a_broken_store(store: Path, tmp_path: Path) -> None:
    run("init", str(store))
    sources = []
    for n in range(40):
        path = tmp_path / "src" / f"a{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"Article {n}\n\n" + SEED[:3000] + f"\n\nVariant {n}.\n")
        sources.append(str(path))
    rng = random.Random(4)
    env = {**os.environ, "NO_COLOR": "1"}
    for round_number in range(8):
        for path in sources:  # every round brings a new version of each article
            Path(path).write_text(Path(path).read_text() + f"\nRound {round_number}.\n")
        process = subprocess.Popen(
            [sys.executable, "-m", "textdiff", "snapshot", "--store", str(store), *sources],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        subprocess.run(["git", "fsck"], cwd=store, check=True, capture_output=True)
        _versions_in_history(store)
    after = run_process("snapshot", "--store", str(store), *sources, timeout=300)
    assert after.exit_code == 0, after.stderr
    subprocess.run(["git", "fsck", "--strict"], cwd=store, check=True, capture_output=True)
    assert git(store, "status", "--porcelain") == ""
    for n, path in enumerate(sources):
        assert (store / f"a{n}.md").read_text(encoding="utf-8").endswith(f"Round {round_number}.\n")
        assert Path(path).exists()


def test_stale_locks_of_a_dead_writer_are_recovered(store: Path, write) -> None:  # type: ignore[no-untyped-def]
    snapshot(store, "--id", "nato", write("v1.txt", SEED))
    git_dir = store / ".git"
    branch = git(store, "symbolic-ref", "HEAD").strip()
    # What a writer killed inside git leaves: its journal, git's lock files, a stray file.
    (git_dir / "textdiff.journal").write_text("12345")
    (git_dir / "index.lock").write_text("")
    (git_dir / f"{branch}.lock").write_text("")
    (store / "nato.md").write_text("half-writ")
    result = snapshot(store, "--id", "nato", write("v2.txt", CORRECTED))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "nato: version 2 (+1 −1 words)\n"
    assert not (git_dir / "index.lock").exists() and not (git_dir / "textdiff.journal").exists()
    assert git(store, "status", "--porcelain") == ""
    subprocess.run(["git", "fsck", "--strict"], cwd=store, check=True, capture_output=True)
