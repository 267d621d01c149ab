"""The ``annotator`` command: no subcommand opens the window, subcommands import, export and count."""

from __future__ import annotations

import difflib
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from annotator import __version__
from annotator.cli.agreement import agreement_command
from annotator.cli.common import PROJECT_OPTION, default_annotator, open_project, user_errors
from annotator.cli.review import merge_command, review_status_command
from annotator.formats import FORMATS, read_as
from annotator.formats.exporting import export_project, plan_export
from annotator.formats.report import FormatReport
from annotator.formats.review_demo import create_review_demo
from annotator.model.document import REVIEW_STATES, STATUSES
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.model.review import GOLD
from annotator.model.schema import load_schema
from annotator.store.default import create_project
from annotator.store.review import gold_documents, gold_exists
from annotator.store.transfer import import_records, plural, project_stats

_PROJECT_ARG = "annotator.project"
_T = TypeVar("_T")


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


IMPORT_CHOICES = ("auto", *(f.name for f in FORMATS if f.can_import))
EXPORT_CHOICES = tuple(f.name for f in FORMATS if f.can_export)


@cli.command("import")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    metavar="PATH...",
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
    type=click.Choice(IMPORT_CHOICES),
    default="auto",
    show_default=True,
    help="File format; auto goes by the file name and, for JSON, the first record (see 'annotator formats').",
)
@click.option(
    "--gold", is_flag=True, help="The labels are a gold (adjudicated) layer, e.g. an earlier export --gold."
)
def import_command(
    files: tuple[Path, ...],
    project_path: Path | None,
    annotator: str | None,
    add_labels: bool,
    fmt: str,
    gold: bool,
) -> None:
    """Import documents and their labels from files or folders in any format.

    A missing --project file is created. All files are imported in one go: an error in any of them
    imports nothing and leaves the project as it was.
    """
    if gold and annotator is not None:
        raise click.UsageError("--gold and --annotator cannot be used together")
    name = GOLD if gold else annotator if annotator is not None else default_annotator()
    report = FormatReport()
    with user_errors():
        for path in files:
            read_as(fmt, path)  # unknown file types fail before anything is opened
        with open_project(project_path, create=True) as project:
            sources = [read_as(fmt, path, project.schema, report) for path in files]
            records = itertools.chain.from_iterable(sources)
            summary = import_records(
                project,
                _gold_only(records) if gold else records,
                annotator=name,
                add_labels=add_labels,
                gold=gold,
            )
    for line in summary.lines():
        click.echo(line)
    for line in report.lines()[1:]:
        click.echo(line)


def _gold_only(records: Iterable[DocumentRecord]) -> Iterator[DocumentRecord]:
    """The records of an ``import --gold``: one whose labels name another annotator is an error."""
    for record in records:
        named = (record.annotator or "").strip()
        if named and named != GOLD and (record.entities or record.events):
            raise FormatError(
                f"{record.where}: these are {named}'s labels, not a gold layer; import them without --gold "
                "(into their own layer), or give the gold layer's file"
            )
        yield record


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_CHOICES),
    default="jsonl",
    show_default=True,
    help="File format (see 'annotator formats'); brat and huggingface write a folder.",
)
@click.option(
    "--out", "-o", required=True, type=click.Path(path_type=Path), help="The file (or folder) to write."
)
@PROJECT_OPTION
@click.option("--annotator", "-a", help="Only this annotator's labels [default: every annotator's layer].")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option(
    "--review",
    type=click.Choice(REVIEW_STATES),
    help="Only documents with this review status (with --gold: --review adjudicated).",
)
@click.option("--gold", is_flag=True, help="Only the gold layer: the labels adjudicated in review mode.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Processes that tokenize a CoNLL export; 1 for none [default: one per core for a big export].",
)
def export_command(
    fmt: str,
    out: Path,
    project_path: Path | None,
    annotator: str | None,
    status: str | None,
    review: str | None,
    gold: bool,
    jobs: int | None,
) -> None:
    """Export documents with their labels in any format.

    Formats that hold one annotator's labels per document need --annotator when the project has
    labels by several. The file or folder is written in full or not at all.
    """
    if gold and annotator is not None:
        raise click.UsageError("--gold and --annotator cannot be used together")
    with user_errors(), open_project(project_path) as project:
        if gold:
            if not gold_exists(project):
                raise click.ClickException(
                    "the project has no gold layer yet: adjudicate in review mode first"
                )
            annotator = GOLD
        plan = plan_export(project, fmt, out, annotator=annotator, status=status, review=review)
        report = export_project(project, plan, workers=jobs)
        without_gold = report.documents - gold_documents(project, status, review) if gold else 0
    click.echo(f"Exported {plural(report.documents, 'document')} ({_contents(report)}) to {out}")
    for line in report.lines()[1:]:
        click.echo(line)
    if without_gold > 0:
        click.echo(
            f"Note: {plural(without_gold, 'document')} without gold labels yet (exported without labels; "
            "add --review adjudicated for adjudicated documents only)"
        )


def _contents(report: FormatReport) -> str:
    """``3 spans, 1 event``; events only when there are some."""
    if report.events:
        return f"{plural(report.spans, 'span')}, {plural(report.events, 'event')}"
    return plural(report.spans, "span")


@cli.command("formats")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def formats_command(as_json: bool) -> None:
    """List the file formats, what each one holds and which way it goes."""
    if as_json:
        listing = [
            {
                "name": f.name,
                "title": f.title,
                "import": f.can_import,
                "export": f.can_export,
                "suffixes": list(f.suffixes),
                "folder": f.folder,
                "single_layer": f.single_layer,
                "summary": f.summary,
            }
            for f in FORMATS
        ]
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
        return
    width = max(len(f.name) for f in FORMATS)
    click.echo(f"{'FORMAT':<{width}}  IMPORT  EXPORT  NAME")
    for f in FORMATS:
        ways = f"{'yes' if f.can_import else '-':<6}  {'yes' if f.can_export else '-':<6}"
        output = ", a folder" if f.folder else ""
        click.echo(f"{f.name:<{width}}  {ways}  {f.title} ({' '.join(f.suffixes)}{output})")
        click.echo(f"{'':<{width + 18}}{f.summary}")


@cli.command("new")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Label schema JSON of the form of resources/schemas/ace2005.json [default: ACE 2005].",
)
@click.option("--demo", is_flag=True, help="Also add the sample articles the app ships.")
@click.option(
    "--review-demo",
    is_flag=True,
    help="The sample articles with three sample annotators' labels, to try review mode and agreement.",
)
def new_command(project_path: Path, schema_path: Path | None, demo: bool, review_demo: bool) -> None:
    """Create a project file, with the ACE 2005 schema or your own."""
    if project_path.exists():
        raise click.ClickException(f"{project_path}: already exists; open it instead")
    with user_errors():
        schema = load_schema(schema_path) if schema_path is not None else None
        if review_demo:
            try:
                project = create_review_demo(project_path, schema)
            except BaseException:
                for leftover in (project_path, Path(f"{project_path}-wal"), Path(f"{project_path}-shm")):
                    leftover.unlink(missing_ok=True)
                raise
        else:
            project = create_project(project_path, schema, with_demo=demo)
        documents, name = project.document_count(), project.schema.name
        layers = [a for a in project.annotators() if a != GOLD]
        project.close()
    labels = f", labels by {', '.join(layers)}" if layers else ""
    click.echo(f"Created {project_path} ({plural(documents, 'document')}, schema {name}{labels})")


@cli.command("stats")
@PROJECT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats_command(project_path: Path | None, as_json: bool) -> None:
    """Count documents by status, labels, event types and annotators."""
    with user_errors(), open_project(project_path) as project:
        stats = project_stats(project)
    if as_json:
        click.echo(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in stats.lines():
            click.echo(line)


cli.add_command(agreement_command)
cli.add_command(merge_command)
cli.add_command(review_status_command)
