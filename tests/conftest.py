"""Shared test helpers: fixture paths and a runner that returns exit status and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from textdiff.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
SEED_ARTICLE = FIXTURES / "seed" / "article.txt"


def load_json(relative: str) -> Any:
    """Load a JSON fixture by its path under tests/fixtures."""
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def revision_history(corpus: str, page: str) -> list[str]:
    """The texts of one Wikipedia page's revisions, oldest first."""
    folder = FIXTURES / corpus / page
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return [(folder / v["file"]).read_text(encoding="utf-8") for v in meta["versions"]]


@dataclass
class Result:
    """What a user sees of one textdiff run."""

    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """Run textdiff in-process through CliRunner, with stdout and stderr kept apart."""
    runner = CliRunner()
    result = runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def run_process(
    *args: str, cwd: Path | None = None, input: bytes | None = None, timeout: float = 120
) -> Result:
    """Run textdiff as a real process, as a shell would."""
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "textdiff", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    return Result(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep git away from the developer's own configuration and identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "TEXTDIFF_STORE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    """Run plain git, as a user inspecting the store would."""
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def site():  # type: ignore[no-untyped-def]
    """A real HTTP server on 127.0.0.1 serving pages the test sets up."""
    from site_server import Site, start

    pages = Site()
    server = start(pages)
    yield pages
    server.shutdown()
    server.server_close()


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a text file under tmp_path and return its absolute path as a string."""

    def write_file(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        return str(path)

    return write_file


# Slow CI machines must not turn a correct run into a flaky deadline failure.
settings.register_profile("textdiff", deadline=None)
settings.load_profile("textdiff")
