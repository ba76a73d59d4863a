"""textdiff sync: many writers, one remote (a bare repository, and git daemon), nothing lost."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import git, run

ARTICLE = "shared/story"


def clone(remote: str, folder: Path) -> Path:
    subprocess.run(["git", "clone", "-q", remote, str(folder)], check=True, capture_output=True)
    return folder / "snapshots"


def file_version(store: Path, writer: int, number: int) -> None:
    source = store.parent / f".v{writer}-{number}.txt"
    source.write_text(
        f"Shared story\n\nWriter {writer} filed version {number} of this shared story.\n",
        encoding="utf-8",
    )
    result = run("snapshot", "--store", str(store), "--id", ARTICLE, str(source))
    assert result.exit_code == 0, result.stderr
    source.unlink()


def remote_versions(remote: Path) -> list[str]:
    return git(remote, "log", "--format=%s", "main", "--", f"snapshots/{ARTICLE}.md").splitlines()


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def test_diverged_writers_replay_and_lose_nothing(bare: Path, tmp_path: Path) -> None:
    first = clone(str(bare), tmp_path / "a")
    subprocess.run(["git", "-C", str(first.parent), "checkout", "-q", "-b", "main"], check=True)
    file_version(first, 1, 1)
    assert run("sync", "--store", str(first)).exit_code == 0
    second = clone(str(bare), tmp_path / "b")
    file_version(second, 2, 1)
    file_version(first, 1, 2)
    assert run("sync", "--store", str(second)).exit_code == 0
    result = run("sync", "--store", str(first), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["received"], report["sent"], report["replayed"]) == (1, 1, 1)
    assert len(remote_versions(bare)) == 3
    again = json.loads(run("sync", "--store", str(second), "--json").stdout)
    assert again["received"] == 1 and again["sent"] == 0
    assert (second / f"{ARTICLE}.md").read_text() == (first / f"{ARTICLE}.md").read_text()
    for store in (first, second):
        assert run("check", "--store", str(store)).exit_code == 0
        assert git(store.parent, "status", "--porcelain") == ""


def test_the_same_capture_on_two_machines_is_not_duplicated(bare: Path, tmp_path: Path) -> None:
    first = clone(str(bare), tmp_path / "a")
    subprocess.run(["git", "-C", str(first.parent), "checkout", "-q", "-b", "main"], check=True)
    file_version(first, 1, 1)
    run("sync", "--store", str(first))
    second = clone(str(bare), tmp_path / "b")
    file_version(first, 9, 9)
    file_version(second, 9, 9)  # the same text, captured on both machines
    run("sync", "--store", str(first))
    report = json.loads(run("sync", "--store", str(second), "--json").stdout)
    assert report["dropped"] == 1 and report["sent"] == 0
    assert len(remote_versions(bare)) == 2


def _writer(remote: str, folder: Path, writer: int, versions: int) -> None:
    store = folder / "snapshots"
    env = {**os.environ, "NO_COLOR": "1"}
    for number in range(versions):
        source = folder / f".v{number}.txt"
        source.write_text(f"Shared story\n\nWriter {writer} version {number}.\n")
        for args in (["snapshot", "--id", ARTICLE, str(source)], ["sync"]):
            done = subprocess.run(
                [sys.executable, "-m", "textdiff", *args, "--store", str(store)],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            assert done.returncode == 0, done.stderr


def _concurrent_writers(remote: str, tmp_path: Path, writers: int, versions: int) -> None:
    seed = clone(remote, tmp_path / "seed")
    subprocess.run(["git", "-C", str(seed.parent), "checkout", "-q", "-b", "main"], check=True)
    file_version(seed, 0, 0)
    assert run("sync", "--store", str(seed)).exit_code == 0
    folders = []
    for writer in range(writers):
        folder = tmp_path / f"w{writer}"
        clone(remote, folder)
        folders.append(folder)
    with ThreadPoolExecutor(writers) as pool:
        for future in [
            pool.submit(_writer, remote, f, n + 1, versions) for n, f in enumerate(folders)
        ]:
            future.result()
    for folder in folders:  # everyone takes in the last pushes
        assert run("sync", "--store", str(folder / "snapshots")).exit_code == 0


def test_three_clones_twenty_versions_each_all_on_the_bare_remote(
    bare: Path, tmp_path: Path
) -> None:
    _concurrent_writers(str(bare), tmp_path, writers=3, versions=20)
    subjects = remote_versions(bare)
    assert len(subjects) == 61  # the seed version and 3 × 20
    checkout = clone(str(bare), tmp_path / "verify")
    assert run("check", "--store", str(checkout)).exit_code == 0
    texts = git(bare, "log", "--format=%H", "main", "--", f"snapshots/{ARTICLE}.md").split()
    contents = {git(bare, "show", f"{sha}:snapshots/{ARTICLE}.md") for sha in texts}
    assert len(contents) == 61  # every version's text is there, none twice


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sync_through_git_daemon(bare: Path, tmp_path: Path) -> None:
    port = _free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--enable=receive-pack",
            f"--base-path={tmp_path}",
            "--listen=127.0.0.1",
            f"--port={port}",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"git://127.0.0.1:{port}/remote.git"
        for _ in range(50):
            if subprocess.run(["git", "ls-remote", url], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        _concurrent_writers(url, tmp_path, writers=3, versions=20)
    finally:
        daemon.terminate()
        daemon.wait()
    assert len(remote_versions(bare)) == 61


def test_sync_without_a_remote_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Title\n\nBody.\n")
    run("snapshot", "--store", str(tmp_path / "s"), str(source))
    result = run("sync", "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "no remote" in result.stderr
