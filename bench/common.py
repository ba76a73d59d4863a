"""Timing helpers shared by the benchmarks: medians, peak memory, table printing."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@dataclass
class Timing:
    """The median wall time of some runs and the largest peak memory seen, in MiB."""

    seconds: float
    peak_mib: float | None = None


def time_call(function: Callable[[], object], repeat: int) -> Timing:
    """Median wall time of calling ``function`` in this process."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return Timing(statistics.median(samples))


def time_process(
    argv: Sequence[str],
    repeat: int,
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    ok: Sequence[int] = (0, 1),
) -> Timing:
    """Median wall time and peak resident memory of running a command ``repeat`` times.

    Peak memory comes from GNU time when it is there: a child forked from this (large)
    Python process would otherwise report this process's memory as its own peak.
    """
    samples, peaks = [], []
    gnu_time = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True, env=env, check=False)
        samples.append(time.perf_counter() - start)
        if done.returncode not in ok:
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr[:300]!r}")
    if gnu_time:
        measured = subprocess.run(
            [gnu_time, "-f", "%M", *argv],
            cwd=cwd,
            input=stdin,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        peaks.append(int(measured.stderr.decode().strip().splitlines()[-1]) / 1024)
    return Timing(statistics.median(samples), max(peaks) if peaks else None)


def ensure_tools(*names: str) -> dict[str, str | None]:
    """Find command-line tools, installing Debian packages when root and they are missing."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"installing {' '.join(missing)} from the OS packages …", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing], check=False, capture_output=True
        )
    return {name: shutil.which(name) for name in names}


def textdiff_argv() -> list[str]:
    """The textdiff command as an installed user runs it (with compiled byte code)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=False)
    script = shutil.which("textdiff")
    return [script] if script else [sys.executable, "-m", "textdiff"]


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print a Markdown table, ready to paste into the README."""
    print(f"\n### {title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")


def ms(seconds: float) -> str:
    """Format seconds as milliseconds."""
    return f"{seconds * 1000:.1f} ms"


def mib(value: float | None) -> str:
    """Format a peak memory figure."""
    return "–" if value is None else f"{value:.0f} MiB"
