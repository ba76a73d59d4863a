"""textdiff: snapshot versions of articles and read word-level diffs between them."""

__version__ = "0.1.0"
