"""The textdiff command line: arguments in, one library call, rendered output, exit status.

Exit statuses follow diff(1): 0 no differences (or nothing wrong), 1 differences (or problems
found), 2 trouble: a usage or input error, reported as one line.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click

from textdiff import __version__
from textdiff.render import FORMATS, RenderOptions

if TYPE_CHECKING:
    from textdiff.engine import Diff

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


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMATS),
    help="Output format. Default: terminal on a terminal, plain when piped.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Show white-space differences too (by default they are normalised away).",
)
@click.option(
    "--context",
    "-C",
    type=click.IntRange(min=0),
    help="Unchanged paragraphs shown around each change (terminal default 1; "
    "side-by-side default 0; other formats show everything unless given).",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Force colour on or off (default: on a terminal only, never with NO_COLOR).",
)
@click.option("--encoding", help="Decode both inputs with this encoding (default: UTF-8).")
@click.option(
    "--move-threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.6,
    show_default=True,
    help="How alike (0 to 1, by shared words) a deleted and an inserted paragraph must be "
    "to count as one moved paragraph.",
)
def diff(
    old: str,
    new: str,
    fmt: str | None,
    exact: bool,
    context: int | None,
    color: bool | None,
    encoding: str | None,
    move_threshold: float,
) -> None:
    """Show word by word how NEW differs from OLD.

    OLD and NEW are files; either may be - for standard input. Exit status: 0 when they
    are the same, 1 when they differ, 2 on trouble.

    \b
    Examples:
      textdiff diff v1.txt v2.txt
      curl -s https://example.org/story | textdiff diff saved.txt -
      textdiff diff --format json v1.txt v2.txt > changes.json
      textdiff diff --format side-by-side --context 1 v1.txt v2.txt
    """
    from textdiff.engine import diff_texts
    from textdiff.errors import TextdiffError
    from textdiff.textio import read_text

    if old == "-" and new == "-":
        fail("OLD and NEW cannot both be standard input (-); give a file for one of them")
    stdin = sys.stdin.buffer if "-" in (old, new) else None
    try:
        old_text = read_text(old, stdin, encoding)
        new_text = read_text(new, stdin, encoding)
    except TextdiffError as exc:
        fail(str(exc))
    result = diff_texts(old_text, new_text, exact=exact, move_threshold=move_threshold)
    fmt = fmt or ("terminal" if sys.stdout.isatty() else "plain")
    options = RenderOptions(
        old_label="standard input" if old == "-" else old,
        new_label="standard input" if new == "-" else new,
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


def main() -> None:
    """Run the command line; a closed pipe (``| head``) ends it quietly."""
    try:
        cli()
    except BrokenPipeError:
        # Python flushes stdout at exit; point it at devnull so that flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_TROUBLE)
