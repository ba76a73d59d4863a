"""The code stays lint-clean and type-checked, as the house style asks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is installed with .[test]")
def test_ruff_lint_and_format() -> None:
    lint = run_tool("ruff", "check", "src", "tests", "bench")
    assert lint.returncode == 0, lint.stdout
    fmt = run_tool("ruff", "format", "--check", "src", "tests", "bench")
    assert fmt.returncode == 0, fmt.stdout


def test_mypy_strict_on_src() -> None:
    done = run_tool(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout
