"""Reading a whole project for export: documents with their layers, streamed from four ordered queries."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.model.document import REVIEW_STATES, STATUSES
from annotator.model.errors import ProjectError

if TYPE_CHECKING:  # a worker reading batches (read_one_layer) needs neither Project nor sqlite-utils
    from annotator.store.project import Project

EntityRow = tuple[int, int, str]
"""An entity of an exported layer: (start, end, label). The n-th of its layer is entity ``Tn``."""

EventRow = tuple[str, int, int, tuple[tuple[str, str], ...]]
"""An event of an exported layer: (type, start, end, arguments as (role, entity id)). The n-th is ``En``."""


@dataclass(frozen=True, slots=True)
class ExportLayer:
    """One document with one annotator's layer, as plain values: what one exported record holds.

    A document without labels (or without labels of the annotator asked for) comes as one layer with
    annotator None and no entities, so that an export always carries every text.
    """

    doc_id: int
    ext_id: str
    title: str
    text: str
    meta: dict[str, Any]
    status: str
    annotator: str | None
    entities: list[EntityRow]
    events: list[EventRow]


def export_layers(
    project: Project,
    *,
    annotator: str | None = None,
    status: str | None = None,
    review: str | None = None,
) -> Iterator[ExportLayer]:
    """Every document by id, each with its layers by annotator name; the filters are checked at once.

    Spans and events are in reading order (start, longer first, then id). The rows come from one
    query per table, read as they are used, so an export of any size holds one document at a time.
    """
    check_export_filters(project, annotator=annotator, status=status, review=review)
    annotator_id = None if annotator is None else project.find_annotator_id(annotator)
    source = str(project.path) if project.path else ":memory:"
    return _layers(project.db.conn, source, annotator_id, status, review)


def export_sizes(
    project: Project, *, status: str | None = None, review: str | None = None
) -> list[tuple[int, int]]:
    """The id and text length of each document an export with these filters writes, in order."""
    documents_where, params = _document_filters(status, review)
    where = f" WHERE {' AND '.join(documents_where)}" if documents_where else ""
    rows = project.db.conn.execute(f"SELECT id, length(text) FROM documents{where} ORDER BY id", params)
    return [(int(ident), int(size)) for ident, size in rows]


def check_export_filters(
    project: Project, *, annotator: str | None, status: str | None, review: str | None = None
) -> None:
    """Raise ProjectError for a work or review status that does not exist or an unknown annotator."""
    if status is not None and status not in STATUSES:
        raise ProjectError(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
    if review is not None and review not in REVIEW_STATES:
        raise ProjectError(f"unknown review status {review!r} (use one of {', '.join(REVIEW_STATES)})")
    if annotator is not None and annotator not in project.annotators():
        known = ", ".join(project.annotators()) or "none yet"
        raise ProjectError(f"no annotator {annotator!r} in the project (annotators: {known})")


_first = itemgetter(0)


def _layers(
    conn: sqlite3.Connection,
    source: str,
    annotator_id: int | None,
    status: str | None,
    review: str | None,
) -> Iterator[ExportLayer]:
    names: dict[int, str] = {int(i): str(n) for i, n in conn.execute("SELECT id, name FROM annotators")}
    documents, spans, events, arguments = _cursors(conn, annotator_id, status, review)
    try:
        span_groups = groupby(spans, _first)
        event_groups = groupby(events, _first)
        argument_groups = groupby(arguments, _first)
        span_doc, span_rows = next(span_groups, (None, iter(())))
        event_doc, event_rows = next(event_groups, (None, iter(())))
        argument_doc, argument_rows = next(argument_groups, (None, iter(())))
        for doc_id, ext_id, title, text, meta, doc_status in documents:
            # Each query is ordered by document id, so a document's rows are the next group, if any.
            layer_spans: dict[int, list[tuple[Any, ...]]] = {}
            while span_doc is not None and span_doc <= doc_id:
                if span_doc == doc_id:
                    for row in span_rows:
                        layer_spans.setdefault(row[1], []).append(row)
                span_doc, span_rows = next(span_groups, (None, iter(())))
            layer_events: dict[int, list[tuple[Any, ...]]] = {}
            while event_doc is not None and event_doc <= doc_id:
                if event_doc == doc_id:
                    for row in event_rows:
                        layer_events.setdefault(row[1], []).append(row)
                event_doc, event_rows = next(event_groups, (None, iter(())))
            filled: dict[int, list[tuple[str, int]]] = {}
            while argument_doc is not None and argument_doc <= doc_id:
                if argument_doc == doc_id:
                    for _, event_id, role, span_id in argument_rows:
                        filled.setdefault(event_id, []).append((role, span_id))
                argument_doc, argument_rows = next(argument_groups, (None, iter(())))

            meta_dict = json.loads(meta)
            if not layer_spans and not layer_events:
                yield ExportLayer(doc_id, ext_id, title, text, meta_dict, doc_status, None, [], [])
                continue
            layer_ids = sorted(layer_spans.keys() | layer_events.keys(), key=names.__getitem__)
            for ident in layer_ids:
                rows = layer_spans.get(ident, [])
                entities = [(start, end, label) for _, _, _, start, end, label in rows]
                found = layer_events.get(ident)
                exported = _events(found, rows, filled, source) if found else []
                yield ExportLayer(
                    doc_id, ext_id, title, text, meta_dict, doc_status, names[ident], entities, exported
                )
    finally:
        # Ends the read transaction when a caller stops early; the project may be closed by then.
        with contextlib.suppress(sqlite3.ProgrammingError):
            for cursor in (documents, spans, events, arguments):
                cursor.close()


def _events(
    rows: list[tuple[Any, ...]],
    span_rows: list[tuple[Any, ...]],
    filled: dict[int, list[tuple[str, int]]],
    source: str,
) -> list[EventRow]:
    """A layer's events, their arguments naming the entity ids (``Tn``) of the same layer."""
    entity_of = {row[2]: f"T{number}" for number, row in enumerate(span_rows, 1)}
    events: list[EventRow] = []
    for _, _, event_id, kind, start, end in rows:
        arguments = []
        for role, span_id in filled.get(event_id, ()):
            if span_id not in entity_of:
                raise ProjectError(
                    f"{source}: event {event_id} has an argument ({role}) that points at span "
                    f"{span_id}, which is not in its layer"
                )
            arguments.append((role, entity_of[span_id]))
        events.append((kind, start, end, tuple(arguments)))
    return events


def _document_filters(status: str | None, review: str | None) -> tuple[list[str], list[Any]]:
    """The conditions on the documents table for a work and a review status, and their parameters."""
    conditions, params = [], []
    for column, value in (("status", status), ("review", review)):
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    return conditions, params


class _Where(NamedTuple):
    """The WHERE clauses of an export's queries and their parameters."""

    documents: str
    document_params: list[Any]
    layers: str  # spans and events
    layer_params: list[Any]
    arguments: str


def _where(
    annotator_id: int | None, status: str | None, review: str | None, ids: tuple[int, int] | None
) -> _Where:
    documents_where, document_params = _document_filters(status, review)
    layer_where, argument_where = [], []
    layer_params: list[Any] = []
    for condition, value in zip(documents_where, document_params, strict=True):
        layer_where.append(f"doc_id IN (SELECT id FROM documents WHERE {condition})")
        argument_where.append(f"e.doc_id IN (SELECT id FROM documents WHERE {condition})")
        layer_params.append(value)
    if ids is not None:
        documents_where.append("id BETWEEN ? AND ?")
        document_params.extend(ids)
        layer_where.append("doc_id BETWEEN ? AND ?")
        argument_where.append("e.doc_id BETWEEN ? AND ?")
        layer_params.extend(ids)
    if annotator_id is not None:
        layer_where.append("annotator_id = ?")
        argument_where.append("e.annotator_id = ?")
        layer_params.append(annotator_id)

    def where(conditions: list[str]) -> str:
        return f" WHERE {' AND '.join(conditions)}" if conditions else ""

    return _Where(
        where(documents_where), document_params, where(layer_where), layer_params, where(argument_where)
    )


def _cursors(
    conn: sqlite3.Connection,
    annotator_id: int | None,
    status: str | None,
    review: str | None,
) -> tuple[sqlite3.Cursor, sqlite3.Cursor, sqlite3.Cursor, sqlite3.Cursor]:
    """Documents, spans, events and arguments, each ordered by document id (then reading order)."""
    w = _where(annotator_id, status, review, None)
    # All four are open together, so they read one snapshot of the file (one read transaction).
    documents = conn.execute(
        f"SELECT id, ext_id, title, text, meta, status FROM documents{w.documents} ORDER BY id",
        w.document_params,
    )
    spans = conn.execute(
        f"SELECT doc_id, annotator_id, id, start, end, label FROM spans{w.layers} "
        "ORDER BY doc_id, start, end DESC, id",
        w.layer_params,
    )
    events = conn.execute(
        f"SELECT doc_id, annotator_id, id, type, start, end FROM events{w.layers} "
        "ORDER BY doc_id, start, end DESC, id",
        w.layer_params,
    )
    arguments = conn.execute(
        "SELECT e.doc_id, g.event_id, g.role, g.span_id FROM events e JOIN arguments g ON g.event_id = e.id"
        f"{w.arguments} ORDER BY e.doc_id, g.id",
        w.layer_params,
    )
    return documents, spans, events, arguments


class OneLayer(NamedTuple):
    """A document of a one-layer export, as ``read_one_layer`` gives it."""

    ext_id: str
    text: str
    entities: list[EntityRow]
    events: int  # how many (the formats rendered in batches write none)


def read_one_layer(
    conn: sqlite3.Connection,
    source: str,
    *,
    annotator: str | None,
    status: str | None,
    review: str | None,
    ids: tuple[int, int],
) -> Iterator[OneLayer]:
    """The documents whose id lies between ``ids`` (both included), for a one-layer export (an annotator
    was chosen, or the project has at most one) read in batches by a worker process from a plain
    connection: per document its entities in reading order, as ``export_layers`` gives them, and its
    number of events, from three lean queries in one transaction. The filters were checked by the
    caller; an annotator that is gone since is an error."""
    annotator_id = _annotator_id(conn, source, annotator)
    w = _where(annotator_id, status, review, ids)
    with contextlib.closing(conn.cursor()) as cursor:
        began = not conn.in_transaction
        if began:  # one snapshot for the three queries
            cursor.execute("BEGIN")
        try:
            counts = dict(
                cursor.execute(
                    f"SELECT doc_id, count(*) FROM events{w.layers} GROUP BY doc_id", w.layer_params
                ).fetchall()
            )
            rows = cursor.execute(
                f"SELECT doc_id, start, end, label FROM spans{w.layers} ORDER BY doc_id, start, end DESC, id",
                w.layer_params,
            ).fetchall()
            documents = cursor.execute(
                f"SELECT id, ext_id, text FROM documents{w.documents} ORDER BY id", w.document_params
            ).fetchall()
        finally:
            if began:
                cursor.execute("COMMIT")
    entities = {doc: [row[1:] for row in group] for doc, group in groupby(rows, _first)}
    for doc_id, ext_id, text in documents:
        yield OneLayer(ext_id, text, entities.get(doc_id, []), counts.get(doc_id, 0))


def _annotator_id(conn: sqlite3.Connection, source: str, annotator: str | None) -> int | None:
    if annotator is None:
        return None
    row = conn.execute("SELECT id FROM annotators WHERE name = ?", [annotator]).fetchone()
    if row is None:
        raise ProjectError(f"{source}: no annotator {annotator!r} any more (the project changed)")
    return int(row[0])
