"""What every subcommand shares: the --project option, opening the project, user errors, the user's name.

A module of its own so that the subcommand modules (review, agreement) can import it at import time;
``annotator.cli`` imports them.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from annotator.model.errors import AnnotatorError
from annotator.store.default import create_project, open_default_project
from annotator.store.project import Project

PROJECT_OPTION = click.option(
    "--project",
    "-p",
    "project_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The project file [default: the default project in your data folder].",
)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the errors a user can act on into ``Error: ...`` and exit status 1."""
    try:
        yield
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def open_project(path: Path | None, *, create: bool = False) -> Iterator[Project]:
    """Open the project (default when None); with ``create`` a missing file is made, and removed on error."""
    created = False
    if path is None:
        project = open_default_project()
    elif create and not path.exists():
        project = create_project(path)
        created = True
    else:
        project = Project.open(path)
    try:
        yield project
    except BaseException:
        project.close()
        if created and path is not None:
            # Nothing was imported: do not leave an empty project behind that the user never asked for.
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    project.close()


def default_annotator() -> str:
    """The user's login name, the default annotator."""
    try:
        return getpass.getuser()
    except (OSError, KeyError) as exc:
        raise click.ClickException("cannot tell your user name; give one with --annotator NAME") from exc
