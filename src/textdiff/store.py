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
import os
import re
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import git

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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRAILER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*): (.*)$")
_GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_EDITOR": "true",
    "GIT_PAGER": "cat",
}
_NO_HOOKS = ("-c", "core.hooksPath=/dev/null", "-c", "commit.gpgSign=false")


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


def _git_error(exc: Exception, doing: str) -> StoreError:
    detail = getattr(exc, "stderr", "") or str(exc)
    detail = " ".join(str(detail).split())[:300]
    return StoreError(f"git failed while {doing}: {detail}")


class Store:
    """A store folder inside a git repository."""

    def __init__(self, repo: git.Repo, folder: Path) -> None:
        self.repo = repo
        self.folder = folder
        assert repo.working_tree_dir is not None
        self.root = Path(repo.working_tree_dir).resolve()
        relative = folder.resolve().relative_to(self.root)
        self.prefix = "" if str(relative) == "." else relative.as_posix() + "/"
        self.git_dir = Path(repo.git_dir)

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
        try:
            repo = git.Repo(folder, search_parent_directories=True)
        except git.InvalidGitRepositoryError:
            if not create:
                raise InputError(
                    f"store {folder}: not a git repository; create it with 'textdiff init'"
                ) from None
            try:
                repo = git.Repo.init(folder)
            except git.GitCommandError as exc:
                raise _git_error(exc, "creating the repository") from None
        except git.NoSuchPathError:
            raise InputError(f"store {folder}: no such folder") from None
        if repo.bare or repo.working_tree_dir is None:
            repo.close()
            raise InputError(f"store {folder}: is inside a bare repository; give a work tree")
        return cls(repo, folder)

    def close(self) -> None:
        """Release GitPython's helper processes."""
        self.repo.close()

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

    def _run(self, *args: str, stdin: bytes | None = None, doing: str) -> bytes:
        env = {**os.environ, **_GIT_ENV}
        try:
            done = subprocess.run(
                ["git", *_NO_HOOKS, *args],
                cwd=self.root,
                input=stdin if stdin is not None else b"",
                capture_output=True,
                env=env,
                check=False,
            )
        except OSError as exc:
            raise StoreError(f"git cannot be run ({exc.strerror}); is git installed?") from None
        if done.returncode != 0:
            detail = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
            raise StoreError(f"git failed while {doing}: {detail}")
        return done.stdout

    def _branch(self) -> tuple[str, str | None]:
        """The current branch's ref and its commit (None on a branch with no commit yet)."""
        try:
            ref = self.repo.head.ref.path
        except TypeError:
            raise StoreError(
                "the repository's HEAD is detached; check out a branch to file snapshots"
            ) from None
        try:
            sha = self.repo.head.commit.hexsha
        except ValueError:
            sha = None
        return ref, sha

    def read_file(self, commit: str, path: str) -> str | None:
        """The text of ``path`` at ``commit``, or None when it does not exist there."""
        try:
            blob = self.repo.commit(commit).tree / path
        except KeyError:
            return None
        data: bytes = blob.data_stream.read()
        return data.decode("utf-8")

    def current_text(self, article_id: str) -> str | None:
        """The latest stored text of an article, or None when it is new."""
        _, head = self._branch()
        return None if head is None else self.read_file(head, self.path_of(article_id))

    # --- writing -----------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock; read what to file and file it inside, so that
        concurrent writers never file against a stale latest version."""
        lock_path = self.git_dir / "textdiff.lock"
        journal = self.git_dir / "textdiff.journal"
        with open(lock_path, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if journal.exists():
                    self._recover()
                journal.write_text(str(os.getpid()), encoding="ascii")
                yield
                journal.unlink()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """Finish after a writer that died: drop its stale git locks, re-sync the store files."""
        for stale in [self.git_dir / "index.lock", *self.git_dir.glob("refs/heads/**/*.lock")]:
            stale.unlink(missing_ok=True)
        (self.git_dir / "HEAD.lock").unlink(missing_ok=True)
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

    def _identity(self) -> tuple[str, str]:
        reader = self.repo.config_reader()
        name = reader.get_value("user", "name", DEFAULT_NAME)
        email = reader.get_value("user", "email", DEFAULT_EMAIL)
        return str(name), str(email)

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
        self._checkout(commits[-1], sorted({self.path_of(v.article_id) for v in versions}))
        return commits

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

    def articles(self) -> list[ArticleSummary]:
        """Every article in the store with its number of versions and capture span."""
        _, head = self._branch()
        if head is None:
            return []
        out = self._run(
            "log",
            "--reverse",
            "--format=%x01%ct%x00%B%x00",
            "--name-only",
            head,
            "--",
            self.prefix or ".",
            doing="reading the store's history",
        )
        summaries: dict[str, ArticleSummary] = {}
        for entry in out.decode("utf-8").split("\x01")[1:]:
            timestamp, message, names = entry.split("\0", 2)
            trailers = parse_trailers(message)
            if TRAILER_VERSION not in trailers:
                continue
            captured = _captured(trailers, timestamp)
            for name in names.split("\n"):
                article_id = self.id_of(name.strip())
                if article_id is None:
                    continue
                title = _title_of(message, article_id)
                known = summaries.get(article_id)
                if known is None:
                    summaries[article_id] = ArticleSummary(article_id, 1, captured, captured, title)
                else:
                    summaries[article_id] = known._replace(
                        versions=known.versions + 1, last=captured, title=title
                    )
        return sorted(summaries.values(), key=lambda s: s.article_id)

    def version_count(self, article_id: str) -> int:
        """How many versions of an article the store holds."""
        _, head = self._branch()
        if head is None:
            return 0
        out = self._run(
            "rev-list",
            "--count",
            head,
            "--",
            self.path_of(article_id),
            doing=f"counting the versions of {article_id}",
        )
        return int(out)

    def exists(self, article_id: str) -> bool:
        """Tell whether the store holds this article."""
        return self.current_text(article_id) is not None


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
    chunks.append(b"done\n")
    # "feature done" makes git reject a stream cut short, should this process die mid-write.
    return b"feature done\n" + b"".join(chunks)


def _read_marks(marks: Path, count: int) -> list[str]:
    by_mark = {}
    for line in marks.read_text(encoding="ascii").splitlines():
        mark, sha = line.split()
        by_mark[int(mark[1:])] = sha
    return [by_mark[mark] for mark in range(1, count + 1)]
