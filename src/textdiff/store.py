"""The git-backed store of article versions; the only module that imports git.

A store is a folder inside a git work tree. Each article is one file, ``<id>.md``; each captured
change is one commit that touches that file only, dated at the capture time, with the capture
facts as git trailers. Commits are written with ``git fast-import`` (many in one process, no
hooks, no signing, no index or work tree involved), then the store's files in the work tree
and index are brought up to the new commit with ``git checkout <commit> -- <paths>``, which
leaves every other path and everything the user staged as it was.

Writers take an exclusive ``flock`` on a lock file in the git directory, so concurrent
textdiff processes take turns, and a killed process's lock goes with it. A journal file marks
a write in progress: if it is found, the last writer died, so its git lock files are stale and
the store's files are re-synced from the branch before the next write.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from textdiff import __version__
from textdiff.errors import InputError, StoreError

ARTICLE_SUFFIX = ".md"
DEFAULT_NAME = "textdiff"
DEFAULT_EMAIL = "textdiff@localhost"
TRAILER_VERSION = "Textdiff-Version"
TRAILER_SOURCE = "Source"
TRAILER_CAPTURED = "Captured"
TRAILER_SHA256 = "Content-SHA256"
TRAILER_WORDS = "Words"
_INDEX_FORMAT = 1
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRAILER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*): (.*)$")
_GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "GIT_PAGER": "cat",
}
# No hooks, no signing prompts, and no automatic gc forked into the background in the middle
# of a write: textdiff runs gc itself, in the foreground, under its lock (see file_versions).
_NO_HOOKS = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "commit.gpgSign=false",
    "-c",
    "gc.auto=0",
)


class NewVersion(NamedTuple):
    """One version to file: the article id, its file text and the capture facts."""

    article_id: str
    text: str
    title: str
    captured: datetime
    source: str
    message: str = ""
    words_added: int = 0
    words_removed: int = 0
    extra_trailers: tuple[tuple[str, str], ...] = ()
    # Files committed beside the article, by the suffix added to its id (".html.gz").
    extra_files: tuple[tuple[str, bytes], ...] = ()


class Version(NamedTuple):
    """One stored version of an article, as read from the history."""

    number: int
    commit: str
    captured: datetime
    title: str
    trailers: dict[str, str]

    @property
    def words(self) -> tuple[int, int]:
        """Words added and removed by this version, as recorded when it was filed."""
        match = re.match(r"^\+(\d+) -(\d+)$", self.trailers.get(TRAILER_WORDS, ""))
        return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


class SyncResult(NamedTuple):
    """What one ``sync`` did."""

    remote: str
    branch: str
    received: int
    sent: int
    replayed: int
    dropped: int
    attempts: int


class ArticleSummary(NamedTuple):
    """One article of the store with the span of its history."""

    article_id: str
    versions: int
    first: datetime
    last: datetime
    title: str


def validate_id(article_id: str) -> str:
    """Return a safe article id (a relative path inside the store) or raise InputError."""
    problem = None
    if not article_id:
        problem = "is empty"
    elif _CONTROL.search(article_id):
        problem = "contains control characters"
    elif article_id.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", article_id):
        problem = "is an absolute path"
    elif article_id.startswith("-"):
        problem = "starts with '-'"
    elif "\\" in article_id:
        problem = "contains a backslash; use '/' between folders"
    else:
        parts = article_id.split("/")
        if any(part == "" for part in parts):
            problem = "has an empty part ('//' or a '/' at an end)"
        elif any(part in (".", "..") for part in parts):
            problem = "contains '.' or '..'"
        elif any(part.startswith(".") for part in parts):
            problem = "has a part starting with '.'"
        elif any(part.startswith("-") for part in parts):
            problem = "has a part starting with '-'"
    if problem:
        raise InputError(
            f"article id {article_id!r} {problem}; give --id a relative name like "
            "'example.org/2024/05/story'"
        )
    return article_id


def content_hash(text: str) -> str:
    """SHA-256 of an article file's text, as recorded in its commit."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _run_git(
    cwd: Path, *args: str, stdin: bytes | None = None, pass_fds: tuple[int, ...] = ()
) -> subprocess.CompletedProcess[bytes]:
    """Run git with no hooks, no prompts and no pager; never read this process's stdin."""
    env = {**os.environ, **_GIT_ENV}
    try:
        return subprocess.run(
            ["git", *_NO_HOOKS, *args],
            cwd=cwd,
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=env,
            check=False,
            pass_fds=pass_fds,
        )
    except OSError as exc:
        raise StoreError(f"git cannot be run ({exc.strerror}); is git installed?") from None


def _create_repository(folder: Path) -> None:
    """Make ``folder`` a new git repository (GitPython's init)."""
    import git  # Only here: its import alone costs more than a whole `textdiff show`.

    try:
        git.Repo.init(folder).close()
    except git.GitCommandError as exc:
        detail = " ".join(str(exc.stderr).split())[:300]
        raise StoreError(f"store {folder}: git init failed: {detail}") from None


class Store:
    """A store folder inside a git work tree."""

    def __init__(self, root: Path, git_dir: Path, folder: Path) -> None:
        self.root = root
        self.git_dir = git_dir
        self.folder = folder
        relative = folder.resolve().relative_to(root)
        self.prefix = "" if str(relative) == "." else relative.as_posix() + "/"
        self._head: tuple[str, str | None] | None = None
        self._lock_fds: tuple[int, ...] = ()

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, *, create: bool) -> Store:
        """Open the store at ``folder``; with ``create``, make the folder and its repository."""
        folder = folder.absolute()
        if folder.exists() and not folder.is_dir():
            raise InputError(f"store {folder}: is not a folder; give --store a folder")
        if not folder.exists():
            if not create:
                raise InputError(
                    f"store {folder}: no such folder; create it with 'textdiff init {folder}'"
                )
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise StoreError(f"store {folder}: cannot be created ({exc.strerror})") from None
        found = _run_git(
            folder, "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--absolute-git-dir"
        )
        if found.returncode != 0:
            if not create:
                raise InputError(
                    f"store {folder}: not in a git repository; create it with 'textdiff init'"
                )
            _create_repository(folder)
            found = _run_git(
                folder,
                "rev-parse",
                "--is-inside-work-tree",
                "--show-toplevel",
                "--absolute-git-dir",
            )
        lines = found.stdout.decode("utf-8").splitlines()
        if found.returncode != 0 or len(lines) != 3 or lines[0] != "true":
            raise InputError(f"store {folder}: is not inside a git work tree; give a work tree")
        return cls(Path(lines[1]).resolve(), Path(lines[2]), folder)

    def close(self) -> None:
        """Nothing to release: every git call is its own process."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- paths -------------------------------------------------------------------------------

    def path_of(self, article_id: str) -> str:
        """The repository path of an article's file."""
        return self.prefix + validate_id(article_id) + ARTICLE_SUFFIX

    def id_of(self, path: str) -> str | None:
        """The article id of a repository path, or None when it is no article file."""
        if not path.startswith(self.prefix) or not path.endswith(ARTICLE_SUFFIX):
            return None
        return path[len(self.prefix) : -len(ARTICLE_SUFFIX)]

    # --- git helpers -------------------------------------------------------------------------

    def _git(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        # While writing, every git child holds the write lock too (it shares the lock's open
        # file), so a git left running by a killed textdiff still keeps other writers out.
        return _run_git(self.root, *args, stdin=stdin, pass_fds=self._lock_fds)

    def _run(self, *args: str, stdin: bytes | None = None, doing: str) -> bytes:
        done = self._git(*args, stdin=stdin)
        if done.returncode != 0:
            detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
            raise StoreError(f"git failed while {doing}: {detail}")
        return done.stdout

    def _branch(self) -> tuple[str, str | None]:
        """The current branch's ref and its commit (None on a branch with no commit yet)."""
        if self._head is None:
            ref = self._git("symbolic-ref", "-q", "HEAD")
            if ref.returncode == 1:
                raise StoreError(
                    "the repository's HEAD is detached; check out a branch to file snapshots"
                )
            if ref.returncode != 0:
                detail = " ".join(ref.stderr.decode("utf-8", "replace").split())[:300]
                raise StoreError(f"git cannot read the repository's HEAD: {detail}")
            name = ref.stdout.decode("utf-8").strip()
            commit = self._git("rev-parse", "-q", "--verify", f"{name}^{{commit}}")
            sha = commit.stdout.decode("ascii").strip() if commit.returncode == 0 else None
            self._head = (name, sha)
        return self._head

    def read_file(self, commit: str, path: str) -> str | None:
        """The text of ``path`` at ``commit``, or None when it does not exist there."""
        done = self._git("cat-file", "blob", f"{commit}:{path}")
        return done.stdout.decode("utf-8") if done.returncode == 0 else None

    def latest_texts(self, article_ids: Sequence[str]) -> dict[str, str | None]:
        """The latest stored text of each article (None when new), read in two git calls."""
        wanted = {self.path_of(article_id): article_id for article_id in article_ids}
        texts: dict[str, str | None] = dict.fromkeys(article_ids)
        _, head = self._branch()
        if head is None or not wanted:
            return texts
        listing = self._run(
            "ls-tree", "-r", "-z", head, "--", self.prefix or ".", doing="listing the store"
        )
        blobs = {}
        for entry in listing.split(b"\0"):
            if not entry:
                continue
            meta, _, path = entry.decode("utf-8").partition("\t")
            if path in wanted:
                blobs[meta.split()[2]] = wanted[path]
        if blobs:
            batch = self._run(
                "cat-file",
                "--batch",
                stdin="\n".join(blobs).encode() + b"\n",
                doing="reading the latest versions",
            )
            at = 0
            for _ in blobs:
                header_end = batch.index(b"\n", at)
                header = batch[at:header_end].decode("ascii").split()
                if len(header) != 3:  # "<sha> missing": a lost object, reported by check
                    at = header_end + 1
                    continue
                sha, _kind, size = header
                start = header_end + 1
                texts[blobs[sha]] = batch[start : start + int(size)].decode("utf-8", "replace")
                at = start + int(size) + 1
        return texts

    # --- writing -----------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock; read what to file and file it inside, so that
        concurrent writers never file against a stale latest version."""
        lock_path = self.git_dir / "textdiff.lock"
        journal = self.git_dir / "textdiff.journal"
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._head = None  # another writer may have moved the branch while we waited
            self._lock_fds = (lock.fileno(),)
            try:
                if journal.exists():
                    self._recover()
                try:
                    journal.write_text(str(os.getpid()), encoding="ascii")
                except OSError as exc:
                    raise StoreError(
                        f"{self.git_dir}: cannot be written ({exc.strerror}); nothing was filed"
                    ) from None
                yield
                journal.unlink()
            finally:
                self._lock_fds = ()
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """Finish after a writer that died: drop its stale git locks, re-sync the store files."""
        for stale in [self.git_dir / "index.lock", *self.git_dir.glob("refs/heads/**/*.lock")]:
            stale.unlink(missing_ok=True)
        (self.git_dir / "HEAD.lock").unlink(missing_ok=True)
        for aside in self.folder.rglob(".*.textdiff-*"):
            aside.unlink(missing_ok=True)
        _, head = self._branch()
        if head is not None:
            tracked = (
                self._run(
                    "ls-tree",
                    "-r",
                    "--name-only",
                    head,
                    "--",
                    self.prefix or ".",
                    doing="listing the store",
                )
                .decode("utf-8")
                .splitlines()
            )
            if tracked:
                self._checkout(head, tracked)
        (self.git_dir / "textdiff.journal").unlink(missing_ok=True)

    def _checkout(self, commit: str, paths: Sequence[str]) -> None:
        """Bring these paths of the index and work tree to ``commit``, touching nothing else."""
        stdin = "\0".join(paths).encode("utf-8")
        self._run(
            "checkout",
            commit,
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
            stdin=stdin,
            doing="updating the store's files",
        )

    def _sync_files(self, versions: Sequence[NewVersion]) -> None:
        """Bring the store's files in the work tree and index to the commits just made.

        Each file is replaced whole (written aside, then renamed), and git re-reads only these
        paths into its index, so other files and anything the user staged are left alone.
        """
        latest: dict[str, bytes] = {}
        for version in versions:
            latest[self.path_of(version.article_id)] = version.text.encode("utf-8")
            for suffix, data in version.extra_files:
                latest[self.prefix + version.article_id + suffix] = data
        for path, data in latest.items():
            target = self.root / path
            aside = target.with_name(f".{target.name}.textdiff-{os.getpid()}")
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                aside.write_bytes(data)
                os.replace(aside, target)
            except OSError as exc:
                aside.unlink(missing_ok=True)
                raise StoreError(
                    f"{path}: cannot be written ({exc.strerror}); the version is committed, and "
                    "the next textdiff command will bring the file up to date"
                ) from None
        self._run(
            "update-index",
            "--add",
            "-z",
            "--stdin",
            stdin="\0".join(latest).encode("utf-8") + b"\0",
            doing="updating the index",
        )

    def _identity(self) -> tuple[str, str]:
        name = self._git("config", "--get", "user.name").stdout.decode().strip()
        email = self._git("config", "--get", "user.email").stdout.decode().strip()
        return name or DEFAULT_NAME, email or DEFAULT_EMAIL

    def file_versions(self, versions: Sequence[NewVersion]) -> list[str]:
        """Commit each version in order, one commit each; returns the new commit ids.

        Call it inside ``writing()``. Every version given here becomes a commit.
        """
        if not versions:
            return []
        name, email = self._identity()
        ref, head = self._branch()
        stream = _fast_import_stream(ref, head, versions, self, name, email)
        marks = self.git_dir / "textdiff.marks"
        self._run(
            "fast-import",
            "--quiet",
            "--date-format=raw",
            f"--export-marks={marks}",
            stdin=stream,
            doing="writing commits",
        )
        commits = _read_marks(marks, len(versions))
        marks.unlink(missing_ok=True)
        entries = self.index() if head is not None else {}
        self._head = (ref, commits[-1])
        for version in versions:
            entry = entries.setdefault(version.article_id, {"count": 0, "trailers": {}})
            entry["count"] += 1
            entry["trailers"] = parse_trailers(commit_message(version))
        self._save_index(commits[-1], entries)
        self._sync_files(versions)
        # Each write adds a pack; let git consolidate them when its own thresholds say so.
        self._run(
            "-c",
            "gc.auto=6700",
            "-c",
            "gc.autoDetach=false",
            "gc",
            "--auto",
            "--quiet",
            doing="packing the repository",
        )
        return commits

    # --- sharing -----------------------------------------------------------------------------

    def sync(self, remote: str | None = None, *, attempts: int = 10) -> SyncResult:
        """Fetch, replay local versions on top of the remote's, push; retry when overtaken.

        Each local commit is replayed by content: the files it changed get the content it gave
        them, on top of the remote branch, in capture-time order. A commit whose files already
        have that content there (the same capture made on two machines) is dropped, so nothing
        is duplicated; every other version is kept, so nothing is lost.
        """
        import random
        import time

        ref, _ = self._branch()
        branch = ref.removeprefix("refs/heads/")
        remote = remote or self._upstream_remote(branch)
        received = sent = replayed = dropped = 0
        for attempt in range(1, attempts + 1):
            with self.writing():
                _, head = self._branch()
                tip = self._fetch(remote, branch)
                if tip is None or tip == head or (head and self._is_ancestor(tip, head)):
                    pass  # nothing new over there
                elif head is None:
                    received += self._count(None, tip)
                    self._move_branch(ref, None, tip)
                    head = tip
                elif self._is_ancestor(head, tip):
                    received += self._count(head, tip)
                    self._move_branch(ref, head, tip)
                    head = tip
                else:
                    received += self._count(self._merge_base(head, tip), tip)
                    new_head, kept, skipped = self._replay(head, tip)
                    replayed += kept
                    dropped += skipped
                    self._move_branch(ref, head, new_head)
                    head = new_head
                if head is None:
                    return SyncResult(remote, branch, received, 0, replayed, dropped, attempt)
                to_send = self._count(tip, head) if tip else self._count(None, head)
                if to_send == 0:
                    return SyncResult(remote, branch, received, sent, replayed, dropped, attempt)
                pushed = self._git("push", "--quiet", remote, f"{head}:{ref}")
            if pushed.returncode == 0:
                sent += to_send
                return SyncResult(remote, branch, received, sent, replayed, dropped, attempt)
            detail = pushed.stderr.decode("utf-8", "replace")
            if (
                "rejected" not in detail
                and "fetch first" not in detail
                and "non-fast" not in detail
                and "failed to update ref" not in detail
                and "lock" not in detail
            ):
                raise StoreError(f"git push to {remote} failed: {' '.join(detail.split())[:300]}")
            # Another writer pushed first: wait a little, fetch its versions, replay, retry.
            time.sleep(random.uniform(0.05, 0.3) * attempt)
        raise StoreError(
            f"push to {remote} still rejected after {attempts} attempts; run sync again"
        )

    def _upstream_remote(self, branch: str) -> str:
        configured = self._git("config", "--get", f"branch.{branch}.remote")
        name = configured.stdout.decode().strip()
        if name:
            return name
        if self._git("remote", "get-url", "origin").returncode == 0:
            return "origin"
        raise InputError(
            "no remote to sync with; give one (a name, a URL or a path) or add "
            "'origin' with 'git remote add origin URL'"
        )

    def _fetch(self, remote: str, branch: str) -> str | None:
        """Fetch the remote branch into a private ref; None when the remote has no such branch."""
        private = "refs/textdiff/sync"
        done = self._git("fetch", "--quiet", "--no-tags", remote, f"+refs/heads/{branch}:{private}")
        if done.returncode != 0:
            detail = done.stderr.decode("utf-8", "replace")
            if "couldn't find remote ref" in detail:
                return None
            raise StoreError(f"git fetch from {remote} failed: {' '.join(detail.split())[:300]}")
        return self._run("rev-parse", private, doing="reading the fetched branch").decode().strip()

    def _is_ancestor(self, older: str, newer: str) -> bool:
        return self._git("merge-base", "--is-ancestor", older, newer).returncode == 0

    def _merge_base(self, one: str, other: str) -> str | None:
        done = self._git("merge-base", one, other)
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def _count(self, since: str | None, until: str) -> int:
        span = f"{since}..{until}" if since else until
        return int(self._run("rev-list", "--count", span, doing="counting commits"))

    def _replay(self, head: str, tip: str) -> tuple[str, int, int]:
        """Commit the local versions (base..head) again on top of ``tip``, by content."""
        base = self._merge_base(head, tip)
        span = f"{base}..{head}" if base else head
        log = self._run("log", "--reverse", "--format=%H %at", span, doing="listing local commits")
        local = [line.split() for line in log.decode().splitlines()]
        local.sort(key=lambda pair: int(pair[1]))  # capture-time order; stable for equal times
        listing = self._run("ls-tree", "-r", "-z", tip, doing="reading the remote tree")
        content: dict[str, str] = {}
        for entry in listing.split(b"\0"):
            if entry:
                meta, _, path = entry.decode("utf-8").partition("\t")
                content[path] = meta.split()[2]
        chunks = [b"feature done\n"]
        kept = dropped = 0
        for sha, _ in local:
            changes = self._changes(sha)
            wanted = [(path, blob) for path, blob in changes if content.get(path) != blob]
            if not wanted:
                dropped += 1
                continue
            kept += 1
            raw = self._run("cat-file", "commit", sha, doing="reading a local commit")
            header, _, message = raw.partition(b"\n\n")
            people = [
                line for line in header.split(b"\n") if line.startswith((b"author ", b"committer "))
            ]
            chunks.append(f"commit refs/textdiff/replay\nmark :{kept}\n".encode())
            chunks.extend(line + b"\n" for line in people)
            chunks.append(b"data %d\n" % len(message) + message + b"\n")
            if kept == 1:
                chunks.append(f"from {tip}\n".encode())
            for path, blob in wanted:
                if blob is None:
                    chunks.append(f"D {_quote_path(path)}\n".encode())
                    content.pop(path, None)
                else:
                    chunks.append(f"M 100644 {blob} {_quote_path(path)}\n".encode())
                    content[path] = blob
            chunks.append(b"\n")
        if not kept:
            return tip, 0, dropped
        chunks.append(b"done\n")
        marks = self.git_dir / "textdiff.marks"
        self._run(
            "fast-import",
            "--quiet",
            "--force",
            "--date-format=raw",
            f"--export-marks={marks}",
            stdin=b"".join(chunks),
            doing="replaying versions",
        )
        new_head = _read_marks(marks, kept)[-1]
        marks.unlink(missing_ok=True)
        return new_head, kept, dropped

    def _changes(self, sha: str) -> list[tuple[str, str | None]]:
        """The files a commit changed: path and new blob (None when deleted)."""
        out = self._run(
            "diff-tree", "--no-commit-id", "-r", "-z", "--root", sha, doing="reading a local commit"
        )
        fields = out.split(b"\0")
        changes = []
        for at in range(0, len(fields) - 1, 2):
            meta, path = fields[at].decode(), fields[at + 1].decode("utf-8")
            if not meta:
                continue
            parts = meta.split()
            changes.append((path, None if parts[4].startswith("D") else parts[3]))
        return changes

    def _move_branch(self, ref: str, old: str | None, new: str) -> None:
        """Point the branch at ``new`` and bring the changed files of the work tree along."""
        if old is None:
            listed = self._run("ls-tree", "-r", "-z", "--name-only", new, doing="listing files")
            dirty: set[str] = set()
        else:
            listed = self._run("diff", "--name-only", "-z", old, new, doing="comparing commits")
            local = self._run("diff", "--name-only", "-z", "HEAD", doing="reading local changes")
            dirty = set(local.decode().split("\0"))
        changed = [path for path in listed.decode().split("\0") if path]
        clash = sorted(dirty.intersection(changed))
        if clash:
            raise StoreError(
                f"{clash[0]}: has local changes that the remote also changed; "
                "commit or discard them, then sync again"
            )
        self._run("update-ref", ref, new, old or "0" * 40, doing="moving the branch")
        self._head = (ref, new)
        present = (
            set(
                self._run(
                    "ls-tree", "-r", "-z", "--name-only", new, "--", *changed, doing="listing files"
                )
                .decode()
                .split("\0")
            )
            if changed
            else set()
        )
        keep = [path for path in changed if path in present]
        gone = [path for path in changed if path not in present]
        if keep:
            self._checkout(new, keep)
        for path in gone:
            self._run(
                "rm", "-q", "--cached", "--ignore-unmatch", "--", path, doing="removing a file"
            )
            (self.root / path).unlink(missing_ok=True)

    def commit_store_file(self, name: str, text: str, subject: str) -> str:
        """Commit one file of the store that is no article (the watch list); call in writing()."""
        ref, head = self._branch()
        who_name, email = self._identity()
        who = f"{_one_line(who_name)} <{_one_line(email).strip('<>')}>"
        stamp = f"{int(datetime.now(UTC).timestamp())} +0000"
        message = f"{_one_line(subject)}\n\n{TRAILER_VERSION}: {__version__}\n".encode()
        content = text.encode("utf-8")
        stream = (
            f"feature done\ncommit {ref}\nmark :1\nauthor {who} {stamp}\n"
            f"committer {who} {stamp}\n".encode()
            + b"data %d\n" % len(message)
            + message
            + b"\n"
            + (f"from {head}\n".encode() if head else b"")
            + f"M 100644 inline {_quote_path(self.prefix + name)}\n".encode()
            + b"data %d\n" % len(content)
            + content
            + b"\ndone\n"
        )
        marks = self.git_dir / "textdiff.marks"
        self._run(
            "fast-import",
            "--quiet",
            f"--export-marks={marks}",
            stdin=stream,
            doing=f"committing {name}",
        )
        commit = _read_marks(marks, 1)[0]
        marks.unlink(missing_ok=True)
        self._head = (ref, commit)
        target = self.folder / name
        target.write_text(text, encoding="utf-8")
        self._run("update-index", "--add", "--", self.prefix + name, doing="updating the index")
        return commit

    # --- reading -----------------------------------------------------------------------------

    def history(self, article_id: str) -> list[Version]:
        """Every version of an article, oldest first."""
        path = self.path_of(article_id)
        _, head = self._branch()
        if head is None:
            return []
        out = self._run(
            "log",
            "--reverse",
            "--format=%H%x00%ct%x00%B%x00",
            head,
            "--",
            path,
            doing=f"reading the history of {article_id}",
        ).decode("utf-8")
        versions = []
        fields = out.split("\0")
        for number, start in enumerate(range(0, len(fields) - 2, 3), start=1):
            sha, _, message = fields[start].strip(), fields[start + 1], fields[start + 2]
            trailers = parse_trailers(message)
            versions.append(
                Version(
                    number=number,
                    commit=sha,
                    captured=_captured(trailers, fields[start + 1]),
                    title=_title_of(message, article_id),
                    trailers=trailers,
                )
            )
        return versions

    def _log(self, span: str) -> Iterator[tuple[str, str, str, list[str]]]:
        """Commits of ``span`` that touched the store, oldest first: sha, commit time,
        message, and the ids of the articles each touched."""
        out = self._run(
            "log",
            "--reverse",
            "--format=%x01%H%x00%ct%x00%B%x00",
            "--name-only",
            span,
            "--",
            self.prefix or ".",
            doing="reading the store's history",
        )
        for record in out.decode("utf-8", "replace").split("\x01")[1:]:
            sha, timestamp, message, names = record.split("\0", 3)
            ids = [self.id_of(name.strip()) for name in names.split("\n")]
            yield sha, timestamp, message, [article_id for article_id in ids if article_id]

    def articles(self) -> list[ArticleSummary]:
        """Every article in the store with its number of versions and capture span."""
        _, head = self._branch()
        if head is None:
            return []
        summaries: dict[str, ArticleSummary] = {}
        for _, timestamp, message, ids in self._log(head):
            trailers = parse_trailers(message)
            if TRAILER_VERSION not in trailers:
                continue
            captured = _captured(trailers, timestamp)
            for article_id in ids:
                title = _title_of(message, article_id)
                known = summaries.get(article_id)
                if known is None:
                    summaries[article_id] = ArticleSummary(article_id, 1, captured, captured, title)
                else:
                    summaries[article_id] = known._replace(
                        versions=known.versions + 1, last=captured, title=title
                    )
        return sorted(summaries.values(), key=lambda s: s.article_id)

    def index(self) -> dict[str, dict[str, Any]]:
        """Per article: how many versions it has and the trailers of its latest version.

        Kept in a cache beside git's own files and brought up to date from the commits added
        since it was written; a path-limited ``git log`` per article would walk the history
        once for each.
        """
        _, head = self._branch()
        if head is None:
            return {}
        cache_path = self.git_dir / "textdiff-index.json"
        try:
            cache = json.loads(cache_path.read_text(encoding="utf-8"))
            if cache.get("prefix") != self.prefix or cache.get("format") != _INDEX_FORMAT:
                cache = {}
        except (OSError, ValueError):
            cache = {}
        entries: dict[str, dict[str, Any]] = cache.get("articles", {})
        since = cache.get("head")
        if since == head:
            return entries
        if since and self._git("merge-base", "--is-ancestor", since, head).returncode:
            since, entries = None, {}
        span = f"{since}..{head}" if since else head
        for _, _, message, ids in self._log(span):
            trailers = parse_trailers(message)
            for article_id in ids:
                entry = entries.setdefault(article_id, {"count": 0, "trailers": {}})
                entry["count"] += 1
                entry["trailers"] = trailers
        self._save_index(head, entries)
        return entries

    def version_counts(self) -> dict[str, int]:
        """How many versions each article has."""
        return {article_id: entry["count"] for article_id, entry in self.index().items()}

    def _save_index(self, head: str, entries: dict[str, dict[str, Any]]) -> None:
        cache_path = self.git_dir / "textdiff-index.json"
        temporary = cache_path.with_suffix(f".{os.getpid()}.tmp")
        document = {
            "format": _INDEX_FORMAT,
            "head": head,
            "prefix": self.prefix,
            "articles": entries,
        }
        try:
            temporary.write_text(json.dumps(document), encoding="utf-8")
            os.replace(temporary, cache_path)
        except OSError:
            temporary.unlink(missing_ok=True)  # a cache that cannot be written is rebuilt later

    def article_commits(self) -> dict[str, list[tuple[str, dict[str, str]]]]:
        """Every article filed by textdiff, with every commit that touched it, oldest first."""
        _, head = self._branch()
        if head is None:
            return {}
        commits: dict[str, list[tuple[str, dict[str, str]]]] = {}
        for sha, _, message, ids in self._log(head):
            trailers = parse_trailers(message)
            for article_id in ids:
                commits.setdefault(article_id, []).append((sha, trailers))
        # A Markdown file textdiff never filed (the store's README) is no article.
        return {
            article_id: found
            for article_id, found in commits.items()
            if any(TRAILER_VERSION in trailers for _, trailers in found)
        }

    def modified_paths(self) -> list[str]:
        """Paths of the store whose copy in the work tree or index differs from the branch."""
        _, head = self._branch()
        if head is None:
            return []
        out = self._run(
            "diff",
            "--name-only",
            "-z",
            head,
            "--",
            self.prefix or ".",
            doing="comparing the work tree",
        )
        return [path for path in out.decode("utf-8").split("\0") if path]

    def fsck(self) -> list[str]:
        """What ``git fsck`` finds wrong with the repository's objects (nothing when healthy)."""
        done = self._git("fsck", "--no-dangling", "--no-progress")
        if done.returncode == 0:
            return []
        lines = (done.stdout + done.stderr).decode("utf-8", "replace").splitlines()
        return [line.strip() for line in lines if line.strip()] or [
            f"git fsck failed with status {done.returncode}"
        ]


def _captured(trailers: dict[str, str], timestamp: str) -> datetime:
    try:
        return datetime.fromisoformat(trailers[TRAILER_CAPTURED])
    except (KeyError, ValueError):
        return datetime.fromtimestamp(int(timestamp), tz=UTC)


def _title_of(message: str, article_id: str) -> str:
    subject = message.split("\n", 1)[0]
    prefix = f"{article_id}: "
    return subject[len(prefix) :] if subject.startswith(prefix) else subject


def parse_trailers(message: str) -> dict[str, str]:
    """The git trailers of a commit message: ``Key: value`` lines of its last paragraph."""
    paragraphs = message.strip().split("\n\n")
    if len(paragraphs) < 2:
        return {}
    trailers = {}
    for line in paragraphs[-1].split("\n"):
        match = _TRAILER_LINE.match(line)
        if not match:
            return {}
        trailers[match.group(1)] = match.group(2)
    return trailers


def _one_line(text: str) -> str:
    return " ".join(text.split())


def commit_message(version: NewVersion) -> str:
    """The commit message of one version: subject, optional note, trailers."""
    title = _one_line(version.title) or "(untitled)"
    lines = [f"{version.article_id}: {title}"[:200], ""]
    if version.message.strip():
        lines += [version.message.strip(), ""]
    trailers = [
        (TRAILER_SOURCE, _one_line(version.source)),
        (TRAILER_CAPTURED, version.captured.isoformat()),
        (TRAILER_WORDS, f"+{version.words_added} -{version.words_removed}"),
        *((key, _one_line(value)) for key, value in version.extra_trailers),
        (TRAILER_SHA256, content_hash(version.text)),
        (TRAILER_VERSION, __version__),
    ]
    lines += [f"{key}: {value}" for key, value in trailers]
    return "\n".join(lines) + "\n"


def _quote_path(path: str) -> str:
    return '"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fast_import_stream(
    ref: str,
    head: str | None,
    versions: Sequence[NewVersion],
    store: Store,
    name: str,
    email: str,
) -> bytes:
    """The ``git fast-import`` stream that commits each version on top of ``head``."""
    who = f"{_one_line(name).replace('<', '').replace('>', '')} <{_one_line(email).strip('<>')}>"
    chunks: list[bytes] = []
    for mark, version in enumerate(versions, start=1):
        when = version.captured
        offset = when.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        zone = f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
        stamp = f"{int(when.timestamp())} {zone}"
        message = commit_message(version).encode("utf-8")
        content = version.text.encode("utf-8")
        header = f"commit {ref}\nmark :{mark}\nauthor {who} {stamp}\ncommitter {who} {stamp}\n"
        chunks.append(header.encode("utf-8"))
        chunks.append(b"data %d\n" % len(message) + message + b"\n")
        if mark == 1 and head is not None:
            chunks.append(f"from {head}\n".encode())
        path = _quote_path(store.path_of(version.article_id))
        chunks.append(f"M 100644 inline {path}\n".encode())
        chunks.append(b"data %d\n" % len(content) + content + b"\n")
        for suffix, data in version.extra_files:
            beside = _quote_path(store.prefix + version.article_id + suffix)
            chunks.append(f"M 100644 inline {beside}\n".encode())
            chunks.append(b"data %d\n" % len(data) + data + b"\n")
    chunks.append(b"done\n")
    # "feature done" makes git reject a stream cut short, should this process die mid-write.
    return b"feature done\n" + b"".join(chunks)


def _read_marks(marks: Path, count: int) -> list[str]:
    by_mark = {}
    for line in marks.read_text(encoding="ascii").splitlines():
        mark, sha = line.split()
        by_mark[int(mark[1:])] = sha
    return [by_mark[mark] for mark in range(1, count + 1)]
