"""The ``annotator`` command: no subcommand opens the window, subcommands import, export and count."""

from __future__ import annotations

import difflib
import getpass
import itertools
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO, TypeVar

import click

from annotator import __version__
from annotator.formats import IMPORT_FORMATS, read_as
from annotator.formats.brat import write_brat
from annotator.formats.conll import write_conll
from annotator.formats.doccano import write_doccano
from annotator.formats.jsonl_export import export_jsonl
from annotator.formats.label_studio import write_label_studio
from annotator.formats.report import FormatReport
from annotator.model.document import STATUSES
from annotator.model.errors import AnnotatorError
from annotator.model.schema import load_schema
from annotator.store.default import create_project, open_default_project
from annotator.store.export import check_export_filters
from annotator.store.project import Project
from annotator.store.transfer import export_records, import_records, plural, project_stats

_PROJECT_ARG = "annotator.project"
_T = TypeVar("_T")

PROJECT_OPTION = click.option(
    "--project",
    "-p",
    "project_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The project file [default: the default project in your data folder].",
)


class _MainGroup(click.Group):
    """A group whose first argument may be a project file to open in the window instead of a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if len(args) == 1 and not args[0].startswith("-") and args[0] not in self.commands:
            target = args[0]
            path = Path(target)
            if not path.exists():
                close = difflib.get_close_matches(target, list(self.commands), n=1, cutoff=0.75)
                if close:
                    raise click.UsageError(
                        f"No such command or project file {target!r}. Did you mean {close[0]!r}?", ctx
                    )
            elif path.is_dir():
                raise click.UsageError(f"{target} is a folder, not a project file", ctx)
            ctx.meta[_PROJECT_ARG] = path
            args = []
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return ["[OPTIONS]", "[PROJECT | COMMAND [ARGS]...]"]


@click.group(
    cls=_MainGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="annotator", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Label entities and events in news articles, saved at once to a project file.

    With no arguments the window opens on the default project; with a PROJECT file it opens that one.
    """
    if ctx.invoked_subcommand is None:
        run_gui(ctx.meta.get(_PROJECT_ARG))


def run_gui(project_path: Path | None) -> None:
    """Open the window on a project (None: the default one) and exit with its status."""
    try:
        from annotator.ui.app import run_app
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("PySide6"):
            raise
        raise click.ClickException(
            "the window needs PySide6 (pip install PySide6-Essentials); "
            "the subcommands work without it (see annotator --help)"
        ) from exc
    sys.exit(run_app(project_path))


def main() -> None:
    """Entry point of the ``annotator`` script."""
    cli(prog_name="annotator")


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn the errors a user can act on into ``Error: ...`` and exit status 1."""
    try:
        yield
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _open_project(path: Path | None, *, create: bool = False) -> Iterator[Project]:
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


def _default_annotator() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError) as exc:
        raise click.ClickException("cannot tell your user name; give one with --annotator NAME") from exc


@cli.command("import")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="FILE...",
    type=click.Path(exists=True, path_type=Path),
)
@PROJECT_OPTION
@click.option("--annotator", "-a", help="Whose labels these are, unless a line names its own [default: you].")
@click.option(
    "--add-labels", is_flag=True, help="Add labels missing from the project schema instead of failing."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    default="auto",
    show_default=True,
    help="File format; auto goes by the file name (.txt, .jsonl, .ann or a brat folder, .conll).",
)
def import_command(
    files: tuple[Path, ...], project_path: Path | None, annotator: str | None, add_labels: bool, fmt: str
) -> None:
    """Import documents and their labels from .txt, .jsonl or brat files.

    brat is a .ann file or a folder of .txt/.ann pairs. A missing --project file is created. All files
    are imported in one go: an error in any of them imports nothing.
    """
    name = annotator if annotator is not None else _default_annotator()
    report = FormatReport()
    with _user_errors():
        for path in files:
            read_as(fmt, path)  # unknown file types fail before anything is opened
        with _open_project(project_path, create=True) as project:
            sources = [read_as(fmt, path, project.schema, report) for path in files]
            summary = import_records(
                project, itertools.chain.from_iterable(sources), annotator=name, add_labels=add_labels
            )
    for line in summary.lines():
        click.echo(line)
    for line in report.lines()[1:]:
        click.echo(line)


EXPORT_FORMATS = ("jsonl", "brat", "conll", "conll-bioes", "doccano", "label-studio")
SINGLE_LAYER = ("brat", "conll", "conll-bioes", "doccano")


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="File format (brat: a folder of .txt/.ann files with annotation.conf).",
)
@click.option(
    "--out", "-o", required=True, type=click.Path(path_type=Path), help="File (or brat folder) to write."
)
@PROJECT_OPTION
@click.option("--annotator", "-a", help="Only this annotator's labels [default: every annotator's layer].")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
def export_command(
    fmt: str, out: Path, project_path: Path | None, annotator: str | None, status: str | None
) -> None:
    """Export documents with their labels, one record per document and annotator."""
    if fmt == "brat":
        _export_brat(out, project_path, annotator, status)
        return
    if fmt != "jsonl":
        _export_file(fmt, out, project_path, annotator, status)
        return
    with _user_errors(), _open_project(project_path) as project:
        check_export_filters(project, annotator=annotator, status=status)  # before any file is made
        counts = _write_atomically(
            out, lambda stream: export_jsonl(project, stream, annotator=annotator, status=status)
        )
    click.echo(f"Exported {plural(counts.documents, 'document')} ({plural(counts.spans, 'span')}) to {out}")


def _one_layer(project: Project, fmt: str, annotator: str | None) -> None:
    """A format that holds one annotator's labels per document needs --annotator when there are several."""
    layers = project.annotators()
    if fmt in SINGLE_LAYER and annotator is None and len(layers) > 1:
        raise click.ClickException(
            f"the project has labels by {', '.join(layers)}; {fmt} holds one layer: use --annotator NAME"
        )


def _export_file(
    fmt: str, out: Path, project_path: Path | None, annotator: str | None, status: str | None
) -> None:
    """CoNLL, doccano or Label Studio: written beside ``out`` and renamed when complete."""
    with _user_errors(), _open_project(project_path) as project:
        check_export_filters(project, annotator=annotator, status=status)
        _one_layer(project, fmt, annotator)
        records = export_records(project, annotator=annotator, status=status)
        fd, temp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
        os.close(fd)
        temp = Path(temp_name)
        try:
            if fmt in ("conll", "conll-bioes"):
                report = write_conll(records, temp, scheme="bioes" if fmt == "conll-bioes" else "iob2")
            elif fmt == "doccano":
                report = write_doccano(records, temp)
            else:
                report = write_label_studio(records, temp)
            os.chmod(temp, _default_mode())
            os.replace(temp, out)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    click.echo(f"Exported {plural(report.documents, 'document')} ({plural(report.spans, 'span')}) to {out}")
    for line in report.lines()[1:]:
        click.echo(line)


def _export_brat(out: Path, project_path: Path | None, annotator: str | None, status: str | None) -> None:
    """Write a brat folder: built beside ``out`` and renamed when complete, so no half folder is left."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.ClickException(f"{out}: already exists and is not an empty folder")
    with _user_errors(), _open_project(project_path) as project:
        check_export_filters(project, annotator=annotator, status=status)
        _one_layer(project, "brat", annotator)
        out.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            records = export_records(project, annotator=annotator, status=status)
            report = write_brat(records, building, project.schema)
            if out.exists():
                out.rmdir()
            building.rename(out)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
    click.echo(f"Exported {plural(report.documents, 'document')} ({plural(report.spans, 'span')}) to {out}")
    for line in report.lines()[1:]:
        click.echo(line)


@cli.command("new")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Label schema JSON of the form of resources/schemas/ace2005.json [default: ACE 2005].",
)
@click.option("--demo", is_flag=True, help="Also add the sample articles the app ships.")
def new_command(project_path: Path, schema_path: Path | None, demo: bool) -> None:
    """Create a project file, with the ACE 2005 schema or your own."""
    if project_path.exists():
        raise click.ClickException(f"{project_path}: already exists; open it instead")
    with _user_errors():
        schema = load_schema(schema_path) if schema_path is not None else None
        project = create_project(project_path, schema, with_demo=demo)
        documents, name = project.document_count(), project.schema.name
        project.close()
    click.echo(f"Created {project_path} ({plural(documents, 'document')}, schema {name})")


@cli.command("stats")
@PROJECT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(project_path: Path | None, as_json: bool) -> None:
    """Count documents by status, labels, event types and annotators."""
    with _user_errors(), _open_project(project_path) as project:
        stats = project_stats(project)
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in stats.lines():
            click.echo(line)


def _write_atomically(path: Path, write: Callable[[TextIO], _T]) -> _T:
    """Write a text file through a temporary file beside it, so an error never leaves half a file.

    Returns what ``write`` returns.
    """
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise click.ClickException(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise
    return result


def _default_mode() -> int:
    """The permissions a new file gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
