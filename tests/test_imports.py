"""Start-up stays light: the engine imports no git, click or rich; --help imports no engine."""

from __future__ import annotations

import subprocess
import sys


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules), file=sys.stderr)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stderr.split())


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_engine_imports_nothing_of_git_click_or_rich() -> None:
    modules = top_level(imported_after("import textdiff.engine"))
    assert not modules & {"git", "click", "rich"}


def test_help_does_not_load_the_engine_or_rich() -> None:
    modules = imported_after(
        "import sys\nsys.argv = ['textdiff', '--help']\n"
        "from textdiff.cli import cli\ntry:\n    cli()\nexcept SystemExit:\n    pass"
    )
    assert not top_level(modules) & {"rich", "git", "diff_match_patch", "regex"}


def test_plain_diff_path_does_not_load_rich_or_git() -> None:
    modules = imported_after(
        "import textdiff.engine, textdiff.render.plain, textdiff.textio, textdiff.cli"
    )
    assert not top_level(modules) & {"rich", "git"}
