"""Agreement between the annotators of a project: their layers read in one pass, then the model's figures."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator, Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from annotator.model.agreement import (
    Agreement,
    DocumentLayers,
    EntitySpan,
    EventUnit,
    Layer,
    compute_agreement,
)
from annotator.model.errors import ProjectError
from annotator.model.review import GOLD
from annotator.model.tokens import tokenize
from annotator.store.project import Project


def labelling_annotators(project: Project) -> list[str]:
    """The annotators who have at least one span or event in the project, by name; not the gold layer.

    The gold layer is the review's outcome, not one more annotator to compare (name it to compare with it).
    """
    rows = project.db.conn.execute(
        "SELECT name FROM annotators WHERE (id IN (SELECT annotator_id FROM spans) "
        "OR id IN (SELECT annotator_id FROM events)) AND name != ? ORDER BY name",
        [GOLD],
    )
    return [str(row[0]) for row in rows]


def project_agreement(project: Project, annotators: Sequence[str] | None = None) -> Agreement:
    """The agreement figures of ``annotators`` (default: everyone with labels but gold), in the order given.

    Raises ProjectError for a name the project does not have, or for fewer than two annotators.
    """
    names = _annotators(project, annotators)
    return compute_agreement(_documents(project, set(names)), names)


def _annotators(project: Project, annotators: Sequence[str] | None) -> list[str]:
    labelling = labelling_annotators(project)
    if annotators is None:
        if len(labelling) < 2:
            has = f"labels by {labelling[0]} only" if labelling else "no labels yet"
            raise ProjectError(f"agreement needs labels by at least two annotators; the project has {has}")
        return labelling
    names = list(dict.fromkeys(name.strip() for name in annotators if name.strip()))
    known = project.annotators()
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(known) or "none yet"
        missing = ", ".join(repr(name) for name in unknown)
        raise ProjectError(f"no annotator {missing} in the project (annotators: {listed})")
    if len(names) < 2:
        asked = f"only {names[0]} was" if names else "none were"
        raise ProjectError(f"agreement needs labels by at least two annotators; {asked} named")
    return names


def _documents(project: Project, wanted: set[str]) -> Iterator[DocumentLayers]:
    """Each document with layers of two or more of the wanted annotators, tokenised.

    Four queries ordered by document id, read side by side (as the export reads them), with only the
    columns the figures use: a document's rows are the next group of each.
    """
    conn = project.db.conn
    names = {int(i): str(n) for i, n in conn.execute("SELECT id, name FROM annotators") if n in wanted}
    if len(names) < 2:
        return
    source = str(project.path) if project.path else ":memory:"
    # The unary + keeps SQLite on the (doc_id, ...) indexes, in document order, instead of sorting.
    marks = ", ".join("?" * len(names))
    ids = list(names)
    documents = conn.execute("SELECT id, title, text FROM documents ORDER BY id")
    spans = conn.execute(
        "SELECT doc_id, annotator_id, id, start, end, label FROM spans "
        f"WHERE +annotator_id IN ({marks}) ORDER BY doc_id",
        ids,
    )
    events = conn.execute(
        "SELECT doc_id, annotator_id, id, type, start, end FROM events "
        f"WHERE +annotator_id IN ({marks}) ORDER BY doc_id",
        ids,
    )
    arguments = conn.execute(
        "SELECT e.doc_id, g.event_id, g.role, g.span_id FROM events e JOIN arguments g ON g.event_id = e.id "
        f"WHERE +e.annotator_id IN ({marks}) ORDER BY e.doc_id, g.id",
        ids,
    )
    try:
        span_groups, event_groups, argument_groups = _groups(spans), _groups(events), _groups(arguments)
        for groups in (span_groups, event_groups, argument_groups):
            next(groups)  # started: ready to be sent the first document id
        for doc_id, title, text in documents:
            span_rows = span_groups.send(doc_id)
            event_rows = event_groups.send(doc_id)
            if not span_rows and not event_rows:
                continue
            entities: dict[int, list[EntitySpan]] = {}
            by_id: dict[int, tuple[int, EntitySpan]] = {}
            for _, annotator_id, span_id, start, end, label in span_rows:
                span = (start, end, label)
                entities.setdefault(annotator_id, []).append(span)
                by_id[span_id] = (annotator_id, span)
            if len(entities.keys() | {row[1] for row in event_rows}) < 2:
                continue  # one annotator's labels only: nothing to compare
            filled: dict[int, list[tuple[str, int]]] = {}
            for _, event_id, role, span_id in argument_groups.send(doc_id):
                filled.setdefault(event_id, []).append((role, span_id))
            layer_events: dict[int, list[EventUnit]] = {}
            for _, annotator_id, event_id, kind, start, end in event_rows:
                fillers = []
                for role, span_id in filled.get(event_id, ()):
                    owner, (filler_start, filler_end, label) = by_id.get(span_id, (None, (0, 0, "")))
                    if owner != annotator_id:
                        raise ProjectError(
                            f"{source}: event {event_id} has an argument ({role}) that points at span "
                            f"{span_id}, which is not in its layer"
                        )
                    fillers.append((role, filler_start, filler_end, label))
                layer_events.setdefault(annotator_id, []).append((kind, start, end, tuple(fillers)))
            layers = {
                names[ident]: Layer(entities.get(ident, []), layer_events.get(ident, []))
                for ident in sorted(entities.keys() | layer_events.keys(), key=names.__getitem__)
            }
            yield DocumentLayers(doc_id, tokenize(text), layers, title)
    finally:
        # Ends the read transaction when a caller stops early; the project may be closed by then.
        with contextlib.suppress(sqlite3.ProgrammingError):
            for cursor in (documents, spans, events, arguments):
                cursor.close()


def _groups(rows: Iterable[tuple[Any, ...]]) -> Generator[list[tuple[Any, ...]], int, None]:
    """Sent a document id (in increasing order), answers that document's rows; rows come by document id."""
    groups = groupby(rows, _first)
    doc_id = yield []
    key, group = next(groups, (None, iter(())))
    while True:
        while key is not None and key < doc_id:
            key, group = next(groups, (None, iter(())))
        if key == doc_id:
            found = list(group)
            key, group = next(groups, (None, iter(())))
        else:
            found = []
        doc_id = yield found


_first = itemgetter(0)
