"""The command line as a user meets it: exit statuses, formats, colour, errors."""

from __future__ import annotations

import json

import pytest

from conftest import SEED_ARTICLE, run, run_process
from textdiff.cli import cli

OLD = "The mayor said 40 people died.\n\nNothing else changed here at all.\n"
NEW = "The mayor said 52 people died.\n\nNothing else changed here at all.\n"


def test_every_command_has_help_with_an_example() -> None:
    assert run("--help").exit_code == 0
    for name in cli.commands:  # type: ignore[attr-defined]
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, f"{name} --help has no example"


def test_differences_exit_1_and_print_plain_markup_when_piped(write) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", write("a.txt", OLD), write("b.txt", NEW))
    assert result.exit_code == 1
    assert (
        result.stdout == "The mayor said [-40-]{+52+} people died.\n\n"
        "Nothing else changed here at all.\n"
    )
    assert result.stderr == ""


def test_no_differences_exit_0(write) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", write("a.txt", OLD), write("b.txt", OLD.replace(" ", "  ")))
    assert result.exit_code == 0
    assert run("diff", "--exact", write("c.txt", OLD), write("d.txt", OLD + "\n\n")).exit_code == 1


def test_standard_input_as_either_side(write) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", write("a.txt", OLD), "-", input=NEW)
    assert result.exit_code == 1
    assert "[-40-]{+52+}" in result.stdout
    result = run("diff", "-", write("b.txt", NEW), input=OLD)
    assert "[-40-]{+52+}" in result.stdout


def test_json_format_is_one_object_that_rebuilds_both_sides(write) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", "--format", "json", write("a.txt", OLD), write("b.txt", NEW))
    document = json.loads(result.stdout)
    assert "".join(o["text"] for o in document["ops"] if o["op"] != "insert") == OLD
    assert "".join(o["text"] for o in document["ops"] if o["op"] != "delete") == NEW
    assert document["stats"] == {
        "words_added": 1,
        "words_removed": 1,
        "words_unchanged": 13,
        "paragraphs_changed": 1,
        "paragraphs_moved": 0,
    }


def test_json_exact_keeps_white_space_differences(write) -> None:  # type: ignore[no-untyped-def]
    old, new = "a  b\r\n", "a b\n"
    result = run("diff", "-f", "json", "--exact", write("a.txt", old), write("b.txt", new))
    document = json.loads(result.stdout)
    assert "".join(o["text"] for o in document["ops"] if o["op"] != "insert") == old
    assert "".join(o["text"] for o in document["ops"] if o["op"] != "delete") == new


@pytest.mark.parametrize(
    "fmt", ["terminal", "plain", "side-by-side", "json", "markdown", "html", "stat"]
)
def test_every_format_renders_the_seed_article(write, fmt: str) -> None:  # type: ignore[no-untyped-def]
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    edited = text.replace("at least 15,000", "at least 14,000")
    result = run("diff", "-f", fmt, write("a.txt", text), write("b.txt", edited))
    assert result.exit_code == 1
    assert "14" in result.stdout or (fmt == "stat" and "+1 −1 words" in result.stdout)
    assert "\x1b[" not in result.stdout


def test_color_only_when_forced_and_never_with_no_color(write) -> None:  # type: ignore[no-untyped-def]
    a, b = write("a.txt", OLD), write("b.txt", NEW)
    assert "\x1b[" in run("diff", "-f", "terminal", "--color", a, b).stdout
    assert "\x1b[" not in run("diff", "-f", "terminal", a, b).stdout
    assert "\x1b[" not in run("diff", "-f", "terminal", a, b, env={"NO_COLOR": "1"}).stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"abc\x00def", "binary file"),
        (b"caf\xe9\n", "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_exit_2(  # type: ignore[no-untyped-def]
    write, tmp_path, content: bytes | None, message: str
) -> None:
    bad = str(tmp_path / "bad.txt") if content is None else write("bad.txt", content)
    result = run("diff", bad, write("ok.txt", OLD))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "bad.txt" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_is_refused(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run("diff", str(tmp_path), write("ok.txt", OLD))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_byte_order_marks_and_encoding_option(write) -> None:  # type: ignore[no-untyped-def]
    utf16 = write("u16.txt", "\ufeffcafé\n".encode("utf-16-le"))
    utf8 = write("u8.txt", "\ufeffcafé\n".encode())
    latin = write("latin.txt", "café\n".encode("latin-1"))
    plain = write("plain.txt", "café\n")
    assert run("diff", utf16, plain).exit_code == 0
    assert run("diff", utf8, plain).exit_code == 0
    assert run("diff", "--encoding", "latin-1", latin, latin).exit_code == 0
    unknown = run("diff", "--encoding", "klingon", latin, latin)
    assert unknown.exit_code == 2 and "klingon" in unknown.stderr


def test_empty_files_are_valid(write) -> None:  # type: ignore[no-untyped-def]
    assert run("diff", write("e1.txt", ""), write("e2.txt", "")).exit_code == 0
    result = run("diff", write("e3.txt", ""), write("n.txt", "new\n"))
    assert result.exit_code == 1 and result.stdout == "{+new+}\n"


def test_usage_errors_exit_2(write) -> None:  # type: ignore[no-untyped-def]
    assert run("diff", write("a.txt", OLD)).exit_code == 2
    assert run("diff", "-f", "pdf", write("b.txt", OLD), write("c.txt", OLD)).exit_code == 2
    assert run("diff", "-", "-", input="x").exit_code == 2


def test_a_real_process_diffs_and_reports_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(NEW, encoding="utf-8")
    result = run_process("diff", "a.txt", "b.txt", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (1, "")
    assert "[-40-]{+52+}" in result.stdout
    missing = run_process("diff", "a.txt", "missing.txt", cwd=tmp_path)
    assert missing.exit_code == 2
    assert missing.stderr == "Error: missing.txt: no such file\n"
    piped = run_process("diff", "a.txt", "-", cwd=tmp_path, input=NEW.encode())
    assert piped.exit_code == 1 and "{+52+}" in piped.stdout
