"""Word-diff benchmark: the engine in-process, and whole processes against git, wdiff, dwdiff."""

from __future__ import annotations

import itertools
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (
    FIXTURES,
    ROOT,
    Timing,
    ensure_tools,
    mib,
    ms,
    print_table,
    textdiff_argv,
    time_call,
    time_process,
)
from textdiff.normalize import normalize_whitespace

SIZES = (1_000, 10_000, 100_000)
NAMES = ["Syrskyi", "Umerov", "Lecornu", "Macron", "Nauseda", "Pavel", "Brown", "Blinken"]


def sentences() -> list[str]:
    """Real sentences to build articles from: the seed article's."""
    text = (FIXTURES / "seed" / "article.txt").read_text(encoding="utf-8")
    found = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if len(s.split()) > 4]
    return found


def make_pair(words: int, seed: int = 7) -> tuple[str, str]:
    """An article of about ``words`` words and a version with ~2% realistic edits."""
    rng = random.Random(seed)
    pool = sentences()
    paragraphs: list[list[str]] = []
    count = 0
    while count < words:
        paragraph = [rng.choice(pool) for _ in range(rng.randint(2, 5))]
        paragraph[0] = f"{paragraph[0]} ({len(paragraphs) + 1})"  # keep paragraphs distinct
        paragraphs.append(paragraph)
        count += sum(len(s.split()) for s in paragraph)
    old = "\n\n".join(" ".join(p) for p in paragraphs) + "\n"

    edited = [list(p) for p in paragraphs]
    budget = int(words * 0.02)
    while budget > 0:
        paragraph = edited[rng.randrange(len(edited))]
        where = rng.randrange(len(paragraph))
        kind = rng.choice(["number", "name", "insert", "delete"])
        if kind == "number":
            paragraph[where] = paragraph[where] + f" The toll rose to {rng.randint(10, 9999)}."
            budget -= 5
        elif kind == "name":
            paragraph[where] = paragraph[where].replace("the ", f"{rng.choice(NAMES)}'s ", 1)
            budget -= 2
        elif kind == "insert":
            paragraph.insert(where, rng.choice(pool))
            budget -= 12
        elif len(paragraph) > 1:
            budget -= len(paragraph.pop(where).split())
    moved = edited.pop(rng.randrange(len(edited)))
    edited.insert(rng.randrange(len(edited)), moved)
    new = "\n\n".join(" ".join(p) for p in edited) + "\n"
    return normalize_whitespace(old), normalize_whitespace(new)


def engine_memory(old: Path, new: Path) -> float:
    """Peak memory of a process that only diffs the pair with the engine."""
    code = (
        "import resource,sys\n"
        "from pathlib import Path\n"
        "from textdiff.engine import diff_texts\n"
        "d = diff_texts(Path(sys.argv[1]).read_text(), Path(sys.argv[2]).read_text())\n"
        "d.stats\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(old), str(new)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout) / 1024


def naive_word_mode(old: str, new: str) -> None:
    """diff-match-patch word mode over the whole text, no paragraph pass, no timeout."""
    from diff_match_patch import diff_match_patch

    from textdiff.tokenize import tokenize

    table: dict[str, str] = {}
    old_chars = "".join(table.setdefault(t, chr(len(table) + 1)) for t in tokenize(old))
    new_chars = "".join(table.setdefault(t, chr(len(table) + 1)) for t in tokenize(new))
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    dmp.diff_cleanupSemantic(dmp.diff_main(old_chars, new_chars, False))


def run(quick: bool) -> None:
    """Run the word-diff benchmark and print its tables."""
    from textdiff.engine import diff_texts

    tools = ensure_tools("git", "wdiff", "dwdiff", "time")
    repeat = 3 if quick else 7
    engine_rows, process_rows = [], []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        startup = time_process([sys.executable, "-c", "import click"], repeat * 2)
        for size in SIZES:
            old, new = make_pair(size)
            old_path, new_path = work / f"old-{size}.txt", work / f"new-{size}.txt"
            old_path.write_text(old, encoding="utf-8")
            new_path.write_text(new, encoding="utf-8")
            diff_only = time_call(lambda o=old, n=new: diff_texts(o, n), repeat)
            with_stats = time_call(lambda o=old, n=new: diff_texts(o, n).stats, repeat)
            result = diff_texts(old, new)
            assert (result.old, result.new) == (old, new)
            naive = (
                time_call(lambda o=old, n=new: naive_word_mode(o, n), 1) if size >= 10_000 else None
            )
            engine_rows.append(
                [
                    f"{size:,} words",
                    ms(diff_only.seconds),
                    ms(with_stats.seconds),
                    ms(naive.seconds) if naive else "–",
                    f"{naive.seconds / diff_only.seconds:.0f}×" if naive else "–",
                    mib(engine_memory(old_path, new_path)),
                    f"+{result.stats.words_added} −{result.stats.words_removed}, "
                    f"{result.stats.paragraphs_moved} moved",
                ]
            )
            contenders: dict[str, list[str]] = {
                "textdiff diff --format plain": [
                    *textdiff_argv(),
                    "diff",
                    "--format",
                    "plain",
                    str(old_path),
                    str(new_path),
                ],
            }
            if tools["git"]:
                contenders["git diff --no-index --word-diff=plain"] = [
                    "git",
                    "diff",
                    "--no-index",
                    "--word-diff=plain",
                    str(old_path),
                    str(new_path),
                ]
            if tools["wdiff"]:
                contenders["wdiff"] = ["wdiff", str(old_path), str(new_path)]
            if tools["dwdiff"]:
                contenders["dwdiff"] = ["dwdiff", str(old_path), str(new_path)]
            timings: dict[str, Timing] = {
                name: time_process(argv, repeat) for name, argv in contenders.items()
            }
            ours = timings["textdiff diff --format plain"]
            for name, timing in timings.items():
                process_rows.append(
                    [
                        f"{size:,}",
                        name,
                        ms(timing.seconds),
                        f"{timing.seconds / ours.seconds:.2f}",
                        mib(timing.peak_mib),
                    ]
                )
            process_rows.append(
                [
                    f"{size:,}",
                    "`python -c 'import click'` (start-up floor)",
                    ms(startup.seconds),
                    f"{ours.seconds / startup.seconds:.2f}× start-up",
                    mib(startup.peak_mib),
                ]
            )

    print_table(
        "Engine, in-process (median)",
        [
            "pair",
            "diff_texts",
            "with stats",
            "naive dmp word mode",
            "speed-up",
            "peak memory",
            "result",
        ],
        engine_rows,
    )
    print_table(
        "Whole process on the same pairs (median; ratio = tool ÷ textdiff)",
        ["words", "command", "time", "ratio", "peak memory"],
        process_rows,
    )
    wikipedia(repeat)


def wikipedia(repeat: int) -> None:
    """Diff every Wikipedia revision against the one before, as a history browser does."""
    from textdiff.engine import diff_texts

    rows = []
    for corpus, page in [
        ("wikipedia-revisions-en", "page-12"),
        ("wikipedia-revisions-hi", "page-6967"),
    ]:
        folder = FIXTURES / corpus / page
        versions = sorted(folder.glob("v*.txt"), key=lambda p: int(p.stem[1:]))
        texts = [p.read_text(encoding="utf-8") for p in versions]
        pairs = list(itertools.pairwise(texts))

        def all_pairs(pairs: list[tuple[str, str]] = pairs) -> None:
            for old, new in pairs:
                _ = diff_texts(old, new).stats

        timing = time_call(all_pairs, max(1, repeat // 2))
        words = sum(len(t.split()) for t in texts) // len(texts)
        rows.append(
            [
                f"{corpus.split('-')[-1]}/{page}",
                len(pairs),
                f"{words:,}",
                ms(timing.seconds),
                ms(timing.seconds / len(pairs)),
            ]
        )
    print_table(
        "Wikipedia histories, each revision against the one before (in-process, with stats)",
        ["page", "pairs", "words per revision", "total", "per pair"],
        rows,
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    run(quick="--quick" in sys.argv)
