"""The review demo: the demo articles with three sample annotators' labels, to try review mode on.

The labels ship as native JSONL (``resources/demo/review-demo.jsonl``: maria, omar and lena, who
disagree on purpose about boundaries, labels, missed spans and an event's arguments) and come in
through the same import path as any file. Here rather than in ``store`` because it reads a format.
"""

from __future__ import annotations

from pathlib import Path

from annotator.formats.jsonl import read_jsonl
from annotator.model.schema import Schema
from annotator.paths import demo_dir
from annotator.store import default
from annotator.store.default import PROJECT_SUFFIX, create_project
from annotator.store.project import Project
from annotator.store.transfer import import_records

REVIEW_DEMO = "review-demo.jsonl"


def fill_with_review_demo(project: Project) -> None:
    """Add the sample annotators' layers of the demo articles, and the articles if missing."""
    import_records(project, read_jsonl(demo_dir() / REVIEW_DEMO), annotator="demo")


def create_review_demo(path: Path, schema: Schema | None = None) -> Project:
    """A new project file with the demo articles and the sample annotators' labels, all committed."""
    project = create_project(path, schema, with_demo=True)
    fill_with_review_demo(project)
    return project


def review_demo_path() -> Path:
    """Where Help > Open the Review Demo keeps its project."""
    return default.data_dir() / f"review-demo{PROJECT_SUFFIX}"  # looked up each time (tests move it)


def open_review_demo() -> Project:
    """Open the review demo project, creating it on first use (complete or not at all)."""
    return default.open_made_once(review_demo_path(), create_review_demo)
