"""The errors textdiff raises, each with a message a user can act on."""

from __future__ import annotations


class TextdiffError(Exception):
    """Base of every error textdiff reports to a user as one line."""


class InputError(TextdiffError):
    """An input (file, text, option value) cannot be used as given."""


class StoreError(TextdiffError):
    """The store cannot be read or written (a git failure, a full disk, a broken repository)."""


class RevisionError(InputError):
    """A version named on the command line matches nothing in an article's history."""
