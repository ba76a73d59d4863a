"""Run textdiff as ``python -m textdiff``."""

from textdiff.cli import main

main()
