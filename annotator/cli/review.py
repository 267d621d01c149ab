"""``annotator merge`` and ``annotator review-status``: bringing annotators' layers together, and how far
their review has got.

Registered by ``annotator.cli`` with ``cli.add_command(...)``; what the commands share comes from
``annotator.cli.common``.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.common import PROJECT_OPTION, default_annotator, open_project, user_errors
from annotator.formats import read_as
from annotator.model.document import REVIEW_STATES, REVIEW_TITLES
from annotator.store.merge import MergeSummary, is_jsonl, merge_project, merge_records
from annotator.store.review import gold_documents, review_counts
from annotator.store.transfer import plural


@click.command("merge")
@click.argument(
    "others",
    nargs=-1,
    required=True,
    metavar="OTHER...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@PROJECT_OPTION
@click.option(
    "--replace",
    is_flag=True,
    help="Where an annotator's layer differs, take OTHER's (the project's layer is deleted first).",
)
@click.option(
    "--gold",
    is_flag=True,
    help="Also bring in OTHER's gold (adjudicated) layer, with the review status and decisions of its "
    "documents where this project has not begun to review them.",
)
@click.option(
    "--annotator",
    "-a",
    help="Whose labels the lines of a JSONL file that name no annotator are [default: you].",
)
@click.option(
    "--add-labels", is_flag=True, help="Add labels missing from the project schema instead of failing."
)
def merge_command(
    others: tuple[Path, ...],
    project_path: Path | None,
    replace: bool,
    gold: bool,
    annotator: str | None,
    add_labels: bool,
) -> None:
    """Merge other annotators' projects (or JSONL) into this one.

    Documents are matched by their exact text and new ones added; each annotator's labels in a document
    (a layer) come in whole. A layer the project already has with different labels stops the merge
    unless --replace; identical layers are skipped. All files are merged in one go: any error merges
    nothing. A missing --project file is created.
    """
    summaries: list[MergeSummary] = []
    with user_errors(), open_project(project_path, create=True) as project, project.transaction():
        for other in others:
            if is_jsonl(other):
                records = read_as("jsonl", other, project.schema)
                name = annotator if annotator is not None else default_annotator()
                summary = merge_records(
                    project,
                    records,
                    other=str(other),
                    annotator=name,
                    replace=replace,
                    gold=gold,
                    add_labels=add_labels,
                )
            else:
                summary = merge_project(project, other, replace=replace, gold=gold, add_labels=add_labels)
            summaries.append(summary)
    for summary in summaries:
        for line in summary.lines():
            click.echo(line)


@click.command("review-status")
@PROJECT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts and documents as JSON.")
def review_status_command(project_path: Path | None, as_json: bool) -> None:
    """Count documents by review status; list the reviewed ones."""
    with user_errors(), open_project(project_path) as project:
        counts = review_counts(project)
        gold = gold_documents(project)
        reviewed = [s for s in project.summaries() if s.review != "unreviewed"]
    total = sum(counts.values())
    if as_json:
        data = {
            "documents": total,
            "by_review": counts,
            "gold_documents": gold,
            "reviewed": [{"id": s.id, "title": s.title, "review": s.review} for s in reviewed],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    parts = ", ".join(f"{counts[state]} {REVIEW_TITLES[state].lower()}" for state in REVIEW_STATES)
    click.echo(f"Documents: {total} ({parts})")
    click.echo(f"Gold layer: {plural(gold, 'document')}")
    width = max((len(str(s.id)) for s in reviewed), default=1)
    state_width = max(len(REVIEW_TITLES[state]) for state in REVIEW_STATES)
    for s in reviewed:
        click.echo(f"  {s.id:>{width}}  {REVIEW_TITLES[s.review]:<{state_width}}  {s.title}")
