"""The errors textdiff raises, each with a message a user can act on."""

from __future__ import annotations


class TextdiffError(Exception):
    """Base of every error textdiff reports to a user as one line."""


class InputError(TextdiffError):
    """An input (file, text, option value) cannot be used as given."""
