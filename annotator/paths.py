"""Where the bundled resources (schemas, demo articles, icons) live."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The folder holding ``schemas/``, ``demo/`` and ``icons/``.

    In a source checkout (and an editable install) it is the top-level ``resources/``; in a wheel it is
    ``annotator/resources`` (see packaging); in a frozen bundle it sits beside the executable's data.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    here = Path(__file__).resolve().parent
    candidates += [here.parent / "resources", here / "resources"]
    for candidate in candidates:
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError(f"annotator resources not found (looked in {', '.join(map(str, candidates))})")


def default_schema_path() -> Path:
    """The ACE 2005 schema every new project starts from unless told otherwise."""
    return resource_dir() / "schemas" / "ace2005.json"


def demo_dir() -> Path:
    """The sample articles a first start puts in the default project."""
    return resource_dir() / "demo"
