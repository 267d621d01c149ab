"""Run the app with ``python -m annotator``."""

from annotator.cli import main

main()
