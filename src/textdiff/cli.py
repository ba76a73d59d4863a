"""The textdiff command line: arguments in, one library call, rendered output, exit status.

Exit statuses follow diff(1): 0 no differences (or nothing wrong), 1 differences (or problems
found), 2 trouble: a usage or input error, reported as one line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn

import click

from textdiff import __version__
from textdiff.errors import TextdiffError
from textdiff.render import FORMATS, RenderOptions

if TYPE_CHECKING:
    from textdiff.engine import Diff
    from textdiff.snapshot import Outcome
    from textdiff.store import Store

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_TROUBLE = 2


class Trouble(click.ClickException):
    """A usage or input error: one line on standard error, exit status 2."""

    exit_code = EXIT_TROUBLE


def fail(message: str) -> NoReturn:
    """Stop with a one-line error and exit status 2."""
    raise Trouble(message)


def use_color(flag: bool | None) -> bool:
    """Colour when forced, else only on a terminal and never with NO_COLOR set."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def emit(text: str, *, color: bool, page: bool) -> None:
    """Write output; on a terminal, output taller than the screen goes through a pager."""
    if page and sys.stdout.isatty() and text.count("\n") >= os.get_terminal_size().lines:
        # As git does: quit if one screen, keep colours, leave the text on screen.
        os.environ.setdefault("LESS", "FRX")
        click.echo_via_pager(text, color=color)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def render_rich(renderable: Any, *, color: bool) -> str:
    """Render a rich renderable to a string, with colour codes only when asked."""
    import io
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    console = Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def render_diff(diff: Diff, fmt: str, options: RenderOptions) -> str:
    """Render a diff in one of the FORMATS."""
    if fmt == "terminal":
        from textdiff.render.terminal import render_terminal

        if options.context is None:
            options = options._replace(context=1)
        return render_rich(render_terminal(diff, options), color=options.color)
    if fmt == "side-by-side":
        from textdiff.render.side_by_side import render_side_by_side

        return render_rich(render_side_by_side(diff, options), color=options.color)
    if fmt == "json":
        from textdiff.render.json import render_json

        return render_json(diff, options)
    if fmt == "markdown":
        from textdiff.render.markdown import render_markdown

        return render_markdown(diff, options)
    if fmt == "html":
        from textdiff.render.html import render_html

        return render_html(diff, options)
    if fmt == "stat":
        from textdiff.render.stat import render_stat

        return render_stat(diff, options)
    from textdiff.render.plain import render_plain

    return render_plain(diff, options)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="textdiff")
def cli() -> None:
    """Snapshot versions of articles and read word-level diffs between them.

    \b
    Example:
      textdiff diff old.txt new.txt
    """


def store_option(function: Any) -> Any:
    """The ``--store`` option of every command that uses a store."""
    return click.option(
        "--store",
        "store_dir",
        envvar="TEXTDIFF_STORE",
        default="snapshots",
        show_default=True,
        type=click.Path(file_okay=False, path_type=str),
        help="The store folder (also TEXTDIFF_STORE).",
    )(function)


def open_store(store_dir: str, *, create: bool) -> Store:
    """Open the store or stop with a one-line error."""
    from pathlib import Path

    from textdiff.store import Store

    try:
        return Store.open(Path(store_dir), create=create)
    except TextdiffError as exc:
        fail(str(exc))


def format_option(function: Any) -> Any:
    """The ``--format`` option of the diff output."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(FORMATS),
        help="Output format. Default: terminal on a terminal, plain when piped.",
    )(function)


def diff_options(function: Any) -> Any:
    """The options every diff takes."""
    options: list[Any] = [
        format_option,
        click.option(
            "--exact",
            is_flag=True,
            help="Show white-space differences too (by default they are normalised away).",
        ),
        click.option(
            "--context",
            "-C",
            type=click.IntRange(min=0),
            help="Unchanged paragraphs shown around each change (terminal default 1; "
            "side-by-side default 0; other formats show everything unless given).",
        ),
        color_option,
        click.option(
            "--move-threshold",
            type=click.FloatRange(0.0, 1.0),
            default=0.6,
            show_default=True,
            help="How alike (0 to 1, by shared words) a deleted and an inserted paragraph "
            "must be to count as one moved paragraph.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def color_option(function: Any) -> Any:
    """``--color/--no-color``."""
    return click.option(
        "--color/--no-color",
        default=None,
        help="Force colour on or off (default: on a terminal only, never with NO_COLOR).",
    )(function)


def print_diff(
    old_text: str,
    new_text: str,
    *,
    old_label: str,
    new_label: str,
    fmt: str | None,
    exact: bool,
    context: int | None,
    color: bool | None,
    move_threshold: float,
) -> NoReturn:
    """Diff two texts, print the result and exit as diff(1) does."""
    from textdiff.engine import diff_texts

    result = diff_texts(old_text, new_text, exact=exact, move_threshold=move_threshold)
    fmt = fmt or ("terminal" if sys.stdout.isatty() else "plain")
    options = RenderOptions(
        old_label=old_label,
        new_label=new_label,
        context=context,
        exact=exact,
        color=use_color(color),
    )
    emit(
        render_diff(result, fmt, options),
        color=options.color,
        page=fmt in ("terminal", "side-by-side", "plain"),
    )
    sys.exit(EXIT_DIFFERENT if result.changed else EXIT_SAME)


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@diff_options
@click.option("--encoding", help="Decode input files with this encoding (default: UTF-8).")
@store_option
def diff(
    old: str,
    new: str | None,
    fmt: str | None,
    exact: bool,
    context: int | None,
    color: bool | None,
    encoding: str | None,
    move_threshold: float,
    store_dir: str,
) -> None:
    """Show word by word how NEW differs from OLD.

    OLD and NEW are files (- is standard input), or versions of an article in the store:
    ARTICLE alone compares its latest version with the one before; ARTICLE@REV names a
    version: @3 (the third), @-1 (the one before the latest), @2024-05-28 (the latest
    captured by the end of that day, UTC) or a commit id. A name that is an existing file
    is read as a file. Exit status: 0 the same, 1 different, 2 trouble.

    \b
    Examples:
      textdiff diff v1.txt v2.txt
      textdiff diff nato-escalation
      textdiff diff nato-escalation@1 nato-escalation@3
      textdiff diff nato-escalation@1 @2 --format side-by-side
      curl -s https://example.org/story.txt | textdiff diff saved.txt -
      textdiff diff --format json v1.txt v2.txt > changes.json
    """
    from textdiff.textio import read_text

    if _is_file(old) and new is not None and _is_file(new):
        if old == "-" and new == "-":
            fail("OLD and NEW cannot both be standard input (-); give a file for one of them")
        stdin = sys.stdin.buffer if "-" in (old, new) else None
        try:
            old_text = read_text(old, stdin, encoding)
            new_text = read_text(new, stdin, encoding)
        except TextdiffError as exc:
            fail(str(exc))
        old_label = "standard input" if old == "-" else old
        new_label = "standard input" if new == "-" else new
    elif _is_file(old) or (new is not None and _is_file(new) and not new.startswith("@")):
        missing = new if _is_file(old) else old
        if missing is None:
            fail(f"{old}: a file needs a second file to compare with; give NEW")
        fail(f"{missing}: no such file")
    else:
        if not os.path.isdir(store_dir):
            fail(f"{old}: no such file, and no store at {store_dir} to find it in as an article")
        (old_label, old_text), (new_label, new_text) = _article_pair(store_dir, old, new)
    print_diff(
        old_text,
        new_text,
        old_label=old_label,
        new_label=new_label,
        fmt=fmt,
        exact=exact,
        context=context,
        color=color,
        move_threshold=move_threshold,
    )


def _is_file(name: str) -> bool:
    return name == "-" or os.path.exists(name)


def _article_pair(store_dir: str, old: str, new: str | None) -> tuple[tuple[str, str], ...]:
    """Resolve ARTICLE, ARTICLE@REV [ARTICLE@REV | @REV] to two labelled versions."""
    from textdiff.revisions import resolve, split_spec

    article_id, old_rev = split_spec(old)
    if new is None:
        new_id, new_rev = article_id, old_rev
        old_rev = None
    else:
        new_id, new_rev = split_spec(new)
        new_id = new_id or article_id
    with open_store(store_dir, create=False) as store:
        try:
            old_versions = store.history(article_id)
            new_versions = old_versions if new_id == article_id else store.history(new_id)
            newer = resolve(new_versions, new_rev, new_id)
            if new is None or old_rev is None:
                if newer.number == 1:
                    fail(f"{new_id}: has only one version; nothing to compare it with")
                older = (
                    old_versions[newer.number - 2]
                    if new_id == article_id
                    else resolve(old_versions, None, article_id)
                )
            else:
                older = resolve(old_versions, old_rev, article_id)
            old_text = store.read_file(older.commit, store.path_of(article_id)) or ""
            new_text = store.read_file(newer.commit, store.path_of(new_id)) or ""
        except TextdiffError as exc:
            fail(str(exc))
    return (
        (f"{article_id}@{older.number}", old_text),
        (f"{new_id}@{newer.number}", new_text),
    )


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=str))
@store_option
def init(directory: str | None, store_dir: str) -> None:
    """Create a store: a folder in a git repository (made if the folder is in none).

    \b
    Example:
      textdiff init archive
    """
    folder = directory or store_dir
    with open_store(folder, create=True) as store:
        click.echo(f"store {folder} ready (git repository: {store.root})")


def fetch_options(function: Any) -> Any:
    """Options of the commands that fetch pages."""
    options: list[Any] = [
        click.option(
            "--user-agent",
            envvar="TEXTDIFF_USER_AGENT",
            help="The User-Agent header sent (also TEXTDIFF_USER_AGENT).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds allowed for each page, redirects and body included.",
        ),
        click.option(
            "--keep-raw",
            is_flag=True,
            help="Also store each page as fetched (gzip, beside the article) for re-extraction.",
        ),
        click.option(
            "--force",
            is_flag=True,
            help="File an extraction that looks empty or collapsed (paywall, consent page).",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def fetch_settings(user_agent: str | None, timeout: float) -> Any:
    """The fetch settings the options ask for."""
    from textdiff.capture.fetch import DEFAULT_USER_AGENT, FetchSettings

    return FetchSettings(user_agent=user_agent or DEFAULT_USER_AGENT, timeout=timeout)


def report(outcomes: Sequence[Outcome], as_json: bool, urls: Sequence[str] = ()) -> NoReturn:
    """Print one line per outcome (or JSON) and exit 1 if any needs attention."""
    if as_json:
        import json

        rows = [
            {
                "id": o.article_id,
                **({"url": urls[i]} if i < len(urls) else {}),
                "status": o.status,
                "version": o.version,
                "words_added": o.words_added,
                "words_removed": o.words_removed,
                "commit": o.commit,
                "detail": o.detail,
            }
            for i, o in enumerate(outcomes)
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for outcome in outcomes:
            click.echo(outcome.describe())
    sys.exit(EXIT_DIFFERENT if any(o.problem for o in outcomes) else EXIT_SAME)


@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--id", "article_id", help="Article id (default: from the URL or file name).")
@click.option(
    "--at",
    "captured_at",
    help="Capture time, ISO 8601 (e.g. 2024-05-28T09:30:00+02:00); default: now. "
    "A time without a zone is local time.",
)
@click.option("--message", "-m", help="A note for the commit message.")
@click.option(
    "--title", help="The article's title (default: its first paragraph or '# heading', if short)."
)
@click.option("--encoding", help="Decode the sources with this encoding (default: UTF-8).")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@fetch_options
@store_option
def snapshot(
    sources: tuple[str, ...],
    article_id: str | None,
    captured_at: str | None,
    message: str | None,
    title: str | None,
    encoding: str | None,
    as_json: bool,
    user_agent: str | None,
    timeout: float,
    keep_raw: bool,
    force: bool,
    store_dir: str,
) -> None:
    """File versions of articles from web pages, HTML, text or Markdown files, or -.

    Each SOURCE becomes a new version of its article only when its text changed (white space
    and line wrapping do not count). An http(s) URL or an HTML file goes through article
    extraction (title, byline, date, canonical URL, body); its id comes from the canonical
    URL, e.g. example.org/2024/05/story. An extraction that is empty or under a third of
    the last version's words is reported as suspect and not filed without --force; a page
    that answers 404 or 410 is recorded as unpublished. Exit status 1 when a source failed
    or is suspect.

    \b
    Examples:
      textdiff snapshot https://example.org/2024/05/story
      textdiff snapshot story.txt
      textdiff snapshot --id example.org/2024/05/story --at 2024-05-28T09:00 v1.txt
      pbpaste | textdiff snapshot --id story -
    """
    from textdiff.capture.urls import check_fetchable, looks_like_url
    from textdiff.snapshot import captures_from_files, file_captures

    urls = [source for source in sources if looks_like_url(source) and source != "-"]
    files = [source for source in sources if source not in urls]
    stdin = sys.stdin.buffer if "-" in files else None
    try:
        for url in urls:
            check_fetchable(url)
        captures = captures_from_files(
            files, stdin, article_id, captured_at, message or "", encoding, title
        )
    except TextdiffError as exc:
        fail(str(exc))
    results = []
    if urls:
        from textdiff.capture.web import Request, capture_urls

        results = capture_urls(
            [Request(url, article_id) for url in urls],
            fetch_settings(user_agent, timeout),
            keep_raw=keep_raw,
        )
    with open_store(store_dir, create=True) as store:
        try:
            outcomes = file_captures(store, captures, force=force) if captures else []
            if results:
                from textdiff.capture.web import file_results

                outcomes += file_results(store, results, force=force)
        except TextdiffError as exc:
            fail(str(exc))
    report(outcomes, as_json)


@cli.command()
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@fetch_options
@store_option
def track(
    urls: tuple[str, ...],
    as_json: bool,
    user_agent: str | None,
    timeout: float,
    keep_raw: bool,
    force: bool,
    store_dir: str,
) -> None:
    """Add articles to the store's watch list (watchlist.txt) and snapshot them now.

    The watch list is a plain file in the store, one URL a line, committed with the
    articles; edit it by hand if you like. 'textdiff refresh' fetches everything on it.

    \b
    Example:
      textdiff track https://example.org/2024/05/story https://example.org/2024/05/other
    """
    from textdiff.capture.urls import check_fetchable, clean_url
    from textdiff.capture.watchlist import WATCHLIST, add_to_watchlist
    from textdiff.capture.web import Request, capture_urls, file_results

    try:
        for url in urls:
            check_fetchable(url)
    except TextdiffError as exc:
        fail(str(exc))
    results = capture_urls(
        [Request(url) for url in urls], fetch_settings(user_agent, timeout), keep_raw=keep_raw
    )
    # The canonical address the page declares is the one to watch, when there is one.
    watched = [
        (r.capture.article.url if r.capture and r.capture.article.url else clean_url(r.url))
        for r in results
    ]
    with open_store(store_dir, create=True) as store:
        try:
            text, added = add_to_watchlist(store.folder, watched)
            if added:
                with store.writing():
                    noun = "article" if len(added) == 1 else "articles"
                    store.commit_store_file(
                        WATCHLIST, text, f"watchlist: track {len(added)} {noun}"
                    )
            outcomes = file_results(store, results, force=force)
        except TextdiffError as exc:
            fail(str(exc))
    report(outcomes, as_json, urls)


@cli.command()
@click.option("--only", "only", multiple=True, metavar="ID", help="Refresh only these articles.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Pages fetched at once.",
)
@click.option(
    "--per-host",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Pages fetched at once from one host.",
)
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@fetch_options
@store_option
def refresh(
    only: tuple[str, ...],
    jobs: int,
    per_host: int,
    as_json: bool,
    user_agent: str | None,
    timeout: float,
    keep_raw: bool,
    force: bool,
    store_dir: str,
) -> None:
    """Fetch every article on the watch list again and file the ones that changed.

    Pages are fetched concurrently, with conditional requests (If-None-Match and
    If-Modified-Since from the last capture), and all versions are filed from this one
    process. Ends with a table of what changed, stayed, was unpublished, looks suspect or
    failed; one failing page never stops the others. Exit status 1 if any failed or is
    suspect. Made for cron or a scheduled CI job.

    \b
    Examples:
      textdiff refresh
      textdiff refresh --only example.org/2024/05/story --json
    """
    from textdiff.capture.urls import article_id_for
    from textdiff.capture.watchlist import read_watchlist
    from textdiff.capture.web import Request, capture_urls, file_results

    with open_store(store_dir, create=False) as store:
        urls = read_watchlist(store.folder)
        if not urls:
            fail(f"{store.folder}: the watch list is empty; add articles with 'textdiff track URL'")
        pairs = [(url, article_id_for(url)) for url in urls]
        if only:
            unknown = sorted(set(only) - {identity for _, identity in pairs})
            if unknown:
                fail(f"--only {unknown[0]}: not on the watch list")
            pairs = [(url, identity) for url, identity in pairs if identity in only]
        try:
            index = store.index()
        except TextdiffError as exc:
            fail(str(exc))
        requests = [
            Request(
                url,
                identity,
                index.get(identity, {}).get("trailers", {}).get("ETag", ""),
                index.get(identity, {}).get("trailers", {}).get("Last-Modified", ""),
            )
            for url, identity in pairs
        ]
        with progress_bar(len(requests), "fetching") as advance:
            results = capture_urls(
                requests,
                fetch_settings(user_agent, timeout),
                jobs=jobs,
                per_host=per_host,
                keep_raw=keep_raw,
                on_done=lambda _result: advance(),
            )
        try:
            outcomes = file_results(store, results, force=force)
        except TextdiffError as exc:
            fail(str(exc))
    if as_json:
        report(outcomes, True, [url for url, _ in pairs])
    from textdiff.render.history import refresh_table

    colored = use_color(None)
    emit(render_rich(refresh_table(outcomes), color=colored), color=colored, page=False)
    sys.exit(EXIT_DIFFERENT if any(o.problem for o in outcomes) else EXIT_SAME)


@contextmanager
def progress_bar(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on standard error when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 2:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda: progress.advance(task)


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, in a list.")
@color_option
@store_option
def list_articles(as_json: bool, color: bool | None, store_dir: str) -> None:
    """List the articles in the store with their number of versions.

    \b
    Example:
      textdiff list --store snapshots
    """
    with open_store(store_dir, create=False) as store:
        try:
            articles = store.articles()
        except TextdiffError as exc:
            fail(str(exc))
    if as_json:
        import json

        rows = [
            {
                "id": a.article_id,
                "versions": a.versions,
                "first": a.first.isoformat(),
                "last": a.last.isoformat(),
                "title": a.title,
            }
            for a in articles
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from textdiff.render.history import article_table

    colored = use_color(color)
    emit(render_rich(article_table(articles), color=colored), color=colored, page=True)


@cli.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per version, in a list.")
@color_option
@store_option
def log(article: str, as_json: bool, color: bool | None, store_dir: str) -> None:
    """Show the history of an article: one row per version with the size of each edit.

    \b
    Example:
      textdiff log nato-escalation
    """
    with open_store(store_dir, create=False) as store:
        try:
            versions = store.history(article)
        except TextdiffError as exc:
            fail(str(exc))
    if not versions:
        fail(f"{article}: no such article in the store; 'textdiff list' shows what there is")
    if as_json:
        import json

        rows = []
        previous_title = None
        for v in versions:
            added, removed = v.words
            rows.append(
                {
                    "version": v.number,
                    "commit": v.commit,
                    "captured": v.captured.isoformat(),
                    "title": v.title,
                    "title_changed": previous_title is not None and v.title != previous_title,
                    "words_added": added,
                    "words_removed": removed,
                    "trailers": v.trailers,
                }
            )
            previous_title = v.title
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from textdiff.render.history import version_table

    colored = use_color(color)
    emit(render_rich(version_table(article, versions), color=colored), color=colored, page=True)


@cli.command()
@click.argument("article", metavar="ARTICLE[@REV]")
@store_option
def show(article: str, store_dir: str) -> None:
    """Print one version of an article (the latest unless @REV names another).

    \b
    Examples:
      textdiff show nato-escalation
      textdiff show nato-escalation@1
      textdiff show nato-escalation@2024-05-28
    """
    from textdiff.revisions import resolve, split_spec

    article_id, rev = split_spec(article)
    with open_store(store_dir, create=False) as store:
        try:
            version = resolve(store.history(article_id), rev, article_id)
            text = store.read_file(version.commit, store.path_of(article_id))
        except TextdiffError as exc:
            fail(str(exc))
    emit(text or "", color=False, page=True)


@cli.command()
@click.argument("remote", required=False)
@click.option("--json", "as_json", is_flag=True, help="Report as JSON.")
@store_option
def sync(remote: str | None, as_json: bool, store_dir: str) -> None:
    """Share the archive through a git remote: fetch, replay local versions on top, push.

    REMOTE is a remote name, URL or path (default: the branch's upstream, else origin).
    A push rejected because another machine pushed first is retried after fetching and
    replaying again, so several writers filing versions of one article lose nothing.
    Credentials come from git's own configuration.

    \b
    Examples:
      textdiff sync
      textdiff sync git@github.com:newsroom/archive.git
    """
    with open_store(store_dir, create=False) as store:
        try:
            result = store.sync(remote)
        except TextdiffError as exc:
            fail(str(exc))
    if as_json:
        import json

        click.echo(json.dumps(result._asdict(), indent=2))
        return
    click.echo(
        f"{result.remote} {result.branch}: received {result.received} commits, sent "
        f"{result.sent}"
        + (f" ({result.replayed} replayed on top)" if result.replayed else "")
        + (f", {result.dropped} already there" if result.dropped else "")
    )


@cli.command()
@click.argument("articles", nargs=-1, metavar="[ARTICLE...]")
@click.option("--live", is_flag=True, help="Also fetch each article's page and report drift.")
@click.option(
    "--against",
    type=click.Path(exists=True, file_okay=False, path_type=str),
    help="Also compare the archived copies with the files of this folder (a mirror, an export).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(("text", "json", "junit", "github")),
    default="text",
    show_default=True,
    help="Report format: a table, JSON, JUnit XML, or GitHub Actions annotations.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    help="Pages fetched at once with --live.",
)
@click.option("--user-agent", envvar="TEXTDIFF_USER_AGENT", help="User-Agent for --live.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="Seconds allowed for each page with --live.",
)
@color_option
@store_option
def check(
    articles: tuple[str, ...],
    live: bool,
    against: str | None,
    fmt: str,
    jobs: int,
    user_agent: str | None,
    timeout: float,
    color: bool | None,
    store_dir: str,
) -> None:
    """Vouch for an archive: every stored copy intact and filed by textdiff.

    Checks that each article file parses, hashes to the SHA-256 its last commit recorded,
    was changed only by commits with textdiff's trailers, and matches the copy in the
    folder; and that git fsck accepts the repository. --live also fetches the pages and
    reports drift; --against DIR compares with another copy. Exit status: 0 all good,
    1 problems found, 2 usage or input error.

    \b
    Examples:
      textdiff check
      textdiff check --format junit > textdiff-check.xml
      textdiff check --live --format github
      textdiff check --against /mnt/mirror/snapshots
    """
    from pathlib import Path

    from textdiff.check import Report, check_against, check_integrity, check_live

    with open_store(store_dir, create=False) as store:
        try:
            report = check_integrity(store, articles)
            extra = []
            if against is not None:
                extra.append(check_against(store, Path(against), articles))
            if live:
                extra.append(check_live(store, articles, fetch_settings(user_agent, timeout), jobs))
            for more in extra:
                report = Report(report.articles, report.findings + more.findings)
            paths = {a: store.path_of(a) for a in report.articles}
        except TextdiffError as exc:
            fail(str(exc))
    from textdiff.render import check as render

    if fmt == "json":
        output = render.render_check_json(report)
    elif fmt == "junit":
        output = render.render_check_junit(report)
    elif fmt == "github":
        output = render.render_check_github(report, paths)
    else:
        colored = use_color(color)
        output = render_rich(render.render_check_table(report), color=colored)
    sys.stdout.write(output)
    sys.exit(EXIT_DIFFERENT if report.problems else EXIT_SAME)


def main() -> None:
    """Run the command line; a closed pipe (``| head``) ends it quietly."""
    try:
        cli()
    except BrokenPipeError:
        # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_TROUBLE)
    except OSError as exc:
        # A full disk or a vanished folder mid-command: one line, not a traceback.
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_TROUBLE)
