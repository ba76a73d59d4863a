"""Run every benchmark: ``python bench/run.py [--quick] [section ...]``.

Sections: diff (word diff engine and whole process against git, wdiff and dwdiff);
store (bulk snapshots against git fast-import and an add-and-commit loop, log and show);
capture (refresh of tracked URLs served from localhost, concurrent and one at a time).
Figures are printed as Markdown tables, ready for the README's performance section.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_capture
import bench_diff
import bench_store

SECTIONS = {"diff": bench_diff.run, "store": bench_store.run, "capture": bench_capture.run}


def main() -> None:
    """Run the sections named on the command line, or all of them."""
    quick = "--quick" in sys.argv
    wanted = [arg for arg in sys.argv[1:] if not arg.startswith("-")] or list(SECTIONS)
    unknown = [name for name in wanted if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"unknown section {unknown[0]!r}; choose from {', '.join(SECTIONS)}")
    print(f"textdiff benchmarks on {platform.python_implementation()} {platform.python_version()}")
    for name in wanted:
        SECTIONS[name](quick)


if __name__ == "__main__":
    main()
