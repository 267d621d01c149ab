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
from annotator.store.export import read_one_layer

if TYPE_CHECKING:
    from annotator.store.project import Project

Job = tuple[str, Sequence[tuple[int, int, str]], Sequence[str], str]
"""One document for a renderer: (text, entities as (start, end, label), event ids, where)."""

Renderer = Callable[[Sequence[Job]], tuple[str, FormatReport]]
"""Renders a batch of documents to the text of a one-file export and its report: a module-level
function or a partial of one, so that it can be sent to a worker process."""

BATCH_DOCUMENTS = 200
"""Documents per batch at most: a news article takes about a tenth of a millisecond."""

BATCH_CHARS = 1 << 20
"""Text per batch at most (a longer document is a batch of its own): what a batch holds in memory is a
few times its text, in the worker and in the writer."""


class Batch(NamedTuple):
    """One batch of a one-layer export: the renderer, the filters and the first and last document id."""

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
    sizes: Sequence[tuple[int, int]],
    render: Renderer,
    annotator: str | None,
    status: str | None,
    review: str | None,
) -> list[Batch]:
    """Consecutive batches of the documents (id, text length), in order: BATCH_DOCUMENTS or BATCH_CHARS
    at most, whichever comes first, and at least one document."""
    cut: list[Batch] = []
    first = last = count = chars = 0
    for ident, size in sizes:
        if count and (count == BATCH_DOCUMENTS or chars + size > BATCH_CHARS):
            cut.append(Batch(render, annotator, status, review, first, last))
            count = chars = 0
        if not count:
            first = ident
        last = ident
        count += 1
        chars += size
    if count:
        cut.append(Batch(render, annotator, status, review, first, last))
    return cut


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


def _read(conn: sqlite3.Connection, source: str, batch: Batch) -> Iterator[Job]:
    """The batch's documents as jobs."""
    documents = read_one_layer(
        conn,
        source,
        annotator=batch.annotator,
        status=batch.status,
        review=batch.review,
        ids=(batch.first, batch.last),
    )
    for document in documents:
        events = [f"E{number}" for number in range(1, document.events + 1)]
        yield document.text, document.entities, events, document.ext_id or source  # ext_id or where


def _render(jobs: Iterator[Job], source: str, batch: Batch) -> Rendered:
    done = list(jobs)
    text, report = batch.render(done)
    return Rendered(text.encode("utf-8"), report, sum(len(job[0]) for job in done))
