"""An export rendered in batches of documents, each batch read by an id range and rendered on its own.

A batch is described by plain values (``Batch``), so that a worker process can read it from the project
file and render it itself: the calling process only cuts the ids into batches and writes what comes
back, in order (``annotator.formats.pool``). Each batch is read in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from annotator.formats.report import FormatReport
from annotator.store.export import export_layers
from annotator.store.project import Project

BATCH_DOCUMENTS = 200
"""Documents per batch: a news article takes under a millisecond, so a batch a few tens of them."""


class Batch(NamedTuple):
    """One batch of an export: the format, the filters and the first and last document id."""

    fmt: str
    annotator: str | None
    status: str | None
    review: str | None
    first: int
    last: int


class Rendered(NamedTuple):
    """A rendered batch: its bytes (UTF-8), its report and the characters of text it covered."""

    data: bytes
    report: FormatReport
    chars: int


def batches(
    ids: Sequence[int], fmt: str, annotator: str | None, status: str | None, review: str | None
) -> list[Batch]:
    """The batches covering these document ids (in order), BATCH_DOCUMENTS at a time."""
    return [
        Batch(fmt, annotator, status, review, ids[i], ids[min(i + BATCH_DOCUMENTS, len(ids)) - 1])
        for i in range(0, len(ids), BATCH_DOCUMENTS)
    ]


def render_batch(project: Project, batch: Batch) -> Rendered:
    """Read a batch of documents from an open project and render them in its format."""
    from annotator.formats.registry import find_format  # the registry imports every format

    render = find_format(batch.fmt).render
    if render is None:
        raise ValueError(f"{batch.fmt} is not rendered in batches")
    source = str(project.path) if project.path else ":memory:"
    layers = export_layers(
        project,
        annotator=batch.annotator,
        status=batch.status,
        review=batch.review,
        ids=(batch.first, batch.last),
        with_meta=False,
    )
    jobs = [
        (
            layer.text,
            layer.entities,
            [f"E{number}" for number in range(1, len(layer.events) + 1)],
            layer.ext_id or source,  # what a record's ``ext_id or where`` gives
        )
        for layer in layers
    ]
    text, report = render(jobs)
    return Rendered(text.encode("utf-8"), report, sum(len(job[0]) for job in jobs))


_opened: dict[Path, Project] = {}


def render_batch_from(path: Path, batch: Batch) -> Rendered:
    """``render_batch`` in a worker process: the project file is opened once per process."""
    project = _opened.get(path)
    if project is None:
        project = _opened[path] = Project.open(path)
    return render_batch(project, batch)
