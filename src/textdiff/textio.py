"""Read the texts to compare from files or standard input, with clear errors."""

from __future__ import annotations

import codecs
from typing import BinaryIO

from textdiff.errors import InputError

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(name: str, stdin: BinaryIO | None) -> bytes:
    """Read a file's bytes, or standard input's for ``-``."""
    if name == "-":
        if stdin is None:
            raise InputError("-: standard input is not available; give a file")
        return stdin.read()
    try:
        with open(name, "rb") as file:
            return file.read()
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; give a file") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def decode_text(data: bytes, name: str, encoding: str | None = None) -> str:
    """Decode UTF-8, or UTF-8/16/32 with a byte-order mark, or the ``encoding`` given."""
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"--encoding {encoding}: unknown encoding") from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}: not valid {encoding} (byte {exc.start}); give the right --encoding"
            ) from None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: broken {codec} text (byte {exc.start}); give --encoding"
                ) from None
    if b"\0" in data:
        raise InputError(f"{name}: binary file (it contains NUL bytes); give a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 (byte {exc.start}); give its encoding, e.g. --encoding latin-1"
        ) from None


def read_text(name: str, stdin: BinaryIO | None, encoding: str | None = None) -> str:
    """Read and decode one input named on the command line."""
    label = "standard input" if name == "-" else name
    return decode_text(read_bytes(name, stdin), label, encoding)
