"""The default project a first start creates in the user's data folder, filled with the demo articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import platformdirs

from annotator.model.schema import Schema
from annotator.paths import demo_dir
from annotator.store.project import Project

PROJECT_SUFFIX = ".annotator"


def data_dir() -> Path:
    """The user's data folder for annotator (``~/.local/share/annotator`` on Linux)."""
    return Path(platformdirs.user_data_dir("annotator", appauthor=False))


def default_project_path() -> Path:
    """Where the default project lives."""
    return data_dir() / f"default{PROJECT_SUFFIX}"


def demo_articles() -> list[tuple[str, str]]:
    """The shipped sample articles as (title, text): the title is the headline on the first line."""
    articles = []
    for path in sorted(demo_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].strip() or path.stem
        articles.append((title, text))
    return articles


def create_project(path: Path, schema: Schema | None = None, *, with_demo: bool = False) -> Project:
    """Create a new project file (optionally with the demo articles), committed before returning."""
    project = Project.open(path, create=True, schema=schema)
    if with_demo:
        fill_with_demo(project)
    return project


def fill_with_demo(project: Project) -> None:
    """Add the demo articles to a project, in one transaction."""
    with project.transaction():
        for title, text in demo_articles():
            project.add_document(text, title=title, meta={"source": "annotator demo"})


def open_made_once(path: Path, make: Callable[[Path], Project]) -> Project:
    """Open the project at ``path``, made by ``make`` first if it does not exist yet.

    It is made under another name and renamed when complete, so an interrupted first start never
    leaves a half-filled project behind.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        make(partial).close()
        partial.replace(path)
    return Project.open(path)


def open_default_project() -> Project:
    """Open the default project, creating it with the demo articles on first start."""
    return open_made_once(default_project_path(), lambda path: create_project(path, with_demo=True))
