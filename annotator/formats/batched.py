"""An export rendered in batches of documents, each batch read by an id range and rendered on its own.

A batch is described by plain values (``Batch``), so that a worker process can read it from the project
file and render it itself: the calling process only cuts the ids into batches and writes what comes
back, in order (``annotator.formats.pool``). Each batch is read in one transaction. A worker opens the
file read-only with ``sqlite3`` alone and imports only the renderer's module, so it starts in a
fraction of the time the whole app takes to import.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from annotator.formats.report import FormatReport
from annotator.model.errors import ProjectError
from annotator.store.export import ExportLayer, read_layers

if TYPE_CHECKING:
    from annotator.store.project import Project

Job = tuple[str, Sequence[tuple[int, int, str]], Sequence[str], str]
"""One document for a renderer: (text, entities as (start, end, label), event ids, where)."""

Renderer = Callable[[Sequence[Job]], tuple[str, FormatReport]]
"""Renders a batch of documents to the text of a one-file export and its report: a module-level
function or a partial of one, so that it can be sent to a worker process."""

BATCH_DOCUMENTS = 200
"""Documents per batch: a news article takes under a millisecond, so a batch a few tens of them."""


class Batch(NamedTuple):
    """One batch of an export: the renderer, the filters and the first and last document id."""

    render: Renderer
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
    ids: Sequence[int], render: Renderer, annotator: str | None, status: str | None, review: str | None
) -> list[Batch]:
    """The batches covering these document ids (in order), BATCH_DOCUMENTS at a time."""
    return [
        Batch(render, annotator, status, review, ids[i], ids[min(i + BATCH_DOCUMENTS, len(ids)) - 1])
        for i in range(0, len(ids), BATCH_DOCUMENTS)
    ]


def render_batch(project: Project, batch: Batch) -> Rendered:
    """Read a batch of documents from an open project and render it."""
    source = str(project.path) if project.path else ":memory:"
    return _render(_read(project.db.conn, source, batch), source, batch)


_opened: dict[Path, sqlite3.Connection] = {}


def render_batch_from(path: Path, batch: Batch) -> Rendered:
    """``render_batch`` in a worker process: the project file is opened once per process, read-only."""
    conn = _opened.get(path)
    if conn is None:
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            conn.execute("SELECT 1 FROM documents LIMIT 1")
        except sqlite3.Error as exc:
            raise ProjectError(f"{path}: cannot read the project file ({exc})") from exc
        _opened[path] = conn
    return _render(_read(conn, str(path), batch), str(path), batch)


def _read(conn: sqlite3.Connection, source: str, batch: Batch) -> Iterator[ExportLayer]:
    return read_layers(
        conn,
        source,
        annotator=batch.annotator,
        status=batch.status,
        review=batch.review,
        ids=(batch.first, batch.last),
        with_meta=False,  # no renderer writes it
    )


def _render(layers: Iterator[ExportLayer], source: str, batch: Batch) -> Rendered:
    jobs: list[Job] = [
        (
            layer.text,
            layer.entities,
            [f"E{number}" for number in range(1, len(layer.events) + 1)],
            layer.ext_id or source,  # what a record's ``ext_id or where`` gives
        )
        for layer in layers
    ]
    text, report = batch.render(jobs)
    return Rendered(text.encode("utf-8"), report, sum(len(job[0]) for job in jobs))
