"""Store benchmark: bulk snapshots, rounds of new versions, log and show on big histories."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import ROOT, mib, ms, print_table, textdiff_argv, time_process

WORDS = (ROOT / "tests" / "fixtures" / "seed" / "article.txt").read_text(encoding="utf-8").split()


def article_text(rng: random.Random, number: int, words: int = 1000) -> str:
    """A plausible article of about ``words`` words, made of the seed article's words."""
    body = [rng.choice(WORDS) for _ in range(words)]
    paragraphs = [" ".join(body[i : i + 60]) for i in range(0, words, 60)]
    return f"Story number {number}\n\n" + "\n\n".join(paragraphs) + "\n"


def edit(rng: random.Random, text: str) -> str:
    """A new version: one word of the text replaced, as a correction would."""
    words = text.split(" ")
    words[rng.randrange(1, len(words))] = rng.choice(WORDS)
    return " ".join(words)


def git_env(home: Path) -> dict[str, str]:
    """An environment with an isolated git configuration and identity."""
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@localhost",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@localhost",
        "NO_COLOR": "1",
    }


def timed(argv: list[str], cwd: Path, env: dict[str, str], stdin: bytes | None = None) -> float:
    """Run one command once and return its wall time, failing loudly."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, input=stdin, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[:3]} failed: {done.stderr[:300]!r}")
    return time.perf_counter() - start


def fast_import_stream(files: list[Path]) -> bytes:
    """A ready-made fast-import stream committing each file as one commit (the ceiling)."""
    chunks = []
    for mark, path in enumerate(files, start=1):
        data = path.read_bytes()
        message = f"{path.stem}\n".encode()
        chunks.append(
            f"commit refs/heads/main\nmark :{mark}\n"
            f"committer bench <bench@localhost> {1_700_000_000 + mark} +0000\n".encode()
            + b"data %d\n" % len(message)
            + message
            + f"M 100644 inline {path.stem}.md\n".encode()
            + b"data %d\n" % len(data)
            + data
            + b"\n"
        )
    return b"".join(chunks)


def run(quick: bool) -> None:
    """Run the store benchmark and print its tables."""
    articles = 500 if quick else 2000
    loop_sample = 100 if quick else 200
    rng = random.Random(11)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = git_env(work / "home")
        (work / "home").mkdir()
        sources = work / "sources"
        sources.mkdir()
        files = []
        for number in range(articles):
            path = sources / f"story-{number:05d}.txt"
            path.write_text(article_text(rng, number), encoding="utf-8")
            files.append(path)

        ours_store = work / "ours"
        seconds = timed(
            [*textdiff_argv(), "snapshot", "--store", str(ours_store), *map(str, files)],
            work,
            env,
        )
        ours_rate = articles / seconds

        ceiling = work / "ceiling"
        subprocess.run(["git", "init", "-q", "-b", "main", str(ceiling)], check=True, env=env)
        stream = fast_import_stream(files)
        ceiling_seconds = timed(["git", "fast-import", "--quiet"], ceiling, env, stream)
        ceiling_rate = articles / ceiling_seconds

        loop = work / "loop"
        subprocess.run(["git", "init", "-q", "-b", "main", str(loop)], check=True, env=env)
        start = time.perf_counter()
        for path in files[:loop_sample]:
            target = loop / f"{path.stem}.md"
            target.write_bytes(path.read_bytes())
            subprocess.run(["git", "add", target.name], cwd=loop, env=env, check=True)
            subprocess.run(["git", "commit", "-q", "-m", path.stem], cwd=loop, env=env, check=True)
        loop_rate = loop_sample / (time.perf_counter() - start)

        import git  # the naive library loop the issue measures against

        naive = work / "naive"
        repo = git.Repo.init(naive)
        start = time.perf_counter()
        with repo.config_writer() as config:
            config.set_value("user", "name", "bench")
            config.set_value("user", "email", "bench@localhost")
        for path in files[: loop_sample // 2]:
            target = naive / f"{path.stem}.md"
            target.write_bytes(path.read_bytes())
            repo.index.add([target.name])
            repo.index.commit(path.stem)
        naive_rate = (loop_sample // 2) / (time.perf_counter() - start)
        repo.close()

        rows += [
            [
                f"`textdiff snapshot` of {articles:,} new 1,000-word articles, one call",
                f"{seconds:.2f} s",
                f"{ours_rate:,.0f}",
                "1.00",
            ],
            [
                "`git fast-import`, ready-made stream (ceiling)",
                f"{ceiling_seconds:.2f} s",
                f"{ceiling_rate:,.0f}",
                f"{ours_rate / ceiling_rate:.2f} of it (target ≥ 0.25)",
            ],
            [
                f"`git add && git commit` loop (first {loop_sample} files)",
                f"{loop_sample / loop_rate:.2f} s",
                f"{loop_rate:,.0f}",
                f"{ours_rate / loop_rate:.0f}× it (target ≥ 20×)",
            ],
            [
                f"GitPython `index.add` + `index.commit` loop (first {loop_sample // 2} files)",
                f"{(loop_sample // 2) / naive_rate:.2f} s",
                f"{naive_rate:,.0f}",
                f"{ours_rate / naive_rate:.0f}× it (target ≥ 20×)",
            ],
        ]

        # Ten rounds of new versions of 100 articles: each round edits every article a little.
        round_files = files[:100]
        round_times = []
        for _ in range(10):
            for path in round_files:
                path.write_text(edit(rng, path.read_text(encoding="utf-8")), encoding="utf-8")
            round_times.append(
                timed(
                    [
                        *textdiff_argv(),
                        "snapshot",
                        "--store",
                        str(ours_store),
                        *map(str, round_files),
                    ],
                    work,
                    env,
                )
            )
        rows.append(
            [
                "`textdiff snapshot`, 10 rounds of new versions of 100 articles",
                f"{sum(round_times):.2f} s",
                f"{1000 / sum(round_times):,.0f}",
                f"median round {ms(sorted(round_times)[5])}",
            ]
        )
    print_table(
        "Filing snapshots (commits per second)",
        ["what", "time", "commits/s", "ratio"],
        rows,
    )
    history(quick)


def history(quick: bool) -> None:
    """``log`` in a store of 10,000 commits and ``show`` of version 1 of 1,000 versions."""
    sys.path.insert(0, str(ROOT / "src"))
    from textdiff.article import article_from_text
    from textdiff.snapshot import Capture, file_captures
    from textdiff.store import Store

    rng = random.Random(5)
    repeat = 3 if quick else 7
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = git_env(work / "home")
        (work / "home").mkdir()
        os.environ.update({k: v for k, v in env.items() if k.startswith("GIT_")})
        start = datetime(2024, 1, 1, tzinfo=UTC)
        big = work / "big"
        texts = {article: article_text(rng, article, 300) for article in range(100)}
        captures = []
        for number in range(10_000):
            article = number % 100
            texts[article] = edit(rng, texts[article])
            captures.append(
                Capture(
                    f"story-{article}",
                    article_from_text(texts[article]),
                    "bench",
                    start + timedelta(minutes=number),
                )
            )
        with Store.open(big, create=True) as store:
            file_captures(store, captures)
        deep = work / "deep"
        text = article_text(rng, 0, 1000)
        versions = []
        for number in range(1000):
            text = edit(rng, text)
            versions.append(
                Capture(
                    "long-story", article_from_text(text), "bench", start + timedelta(hours=number)
                )
            )
        with Store.open(deep, create=True) as store:
            file_captures(store, versions)
        first = subprocess.run(
            ["git", "rev-list", "--reverse", "HEAD", "--", "long-story.md"],
            cwd=deep,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
        startup = time_process([sys.executable, "-c", "import click"], repeat)
        pairs = [
            (
                "log of one article (100 versions) in 10,000 commits",
                [*textdiff_argv(), "log", "story-7", "--store", str(big)],
                ["git", "log", "--", "story-7.md"],
                big,
            ),
            (
                "show version 1 of an article with 1,000 versions",
                [*textdiff_argv(), "show", "long-story@1", "--store", str(deep)],
                ["git", "show", f"{first}:long-story.md"],
                deep,
            ),
        ]
        check = time_process(
            [*textdiff_argv(), "check", "--store", str(big)], repeat, cwd=big, env=env
        )
        fsck = time_process(["git", "fsck", "--no-dangling"], repeat, cwd=big, env=env)
        check_row = [
            "`textdiff check` of 100 articles × 100 versions",
            f"{ms(check.seconds)}, {mib(check.peak_mib)}",
            f"`git fsck`: {ms(fsck.seconds)}, {mib(fsck.peak_mib)}",
            f"≤ 3× fsck: {check.seconds / fsck.seconds:.2f}× "
            f"({'met' if check.seconds <= 3 * fsck.seconds else 'NOT met'})",
        ]
        for what, ours_argv, git_argv, cwd in pairs:
            ours = time_process(ours_argv, repeat, cwd=cwd, env=env)
            theirs = time_process(git_argv, repeat, cwd=cwd, env=env)
            budget = 2 * theirs.seconds + startup.seconds
            rows.append(
                [
                    what,
                    f"{ms(ours.seconds)}, {mib(ours.peak_mib)}",
                    f"{ms(theirs.seconds)}, {mib(theirs.peak_mib)}",
                    f"{ms(budget)} ({'met' if ours.seconds <= budget else 'NOT met'})",
                ]
            )
    rows.append(check_row)
    print_table(
        "Reading history (median; target: textdiff ≤ 2× git + `python -c 'import click'` "
        f"start-up of {ms(startup.seconds)})",
        ["what", "textdiff", "git", "target"],
        rows,
    )


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
