"""The project file: one SQLite database holding documents, the label schema, annotators, spans and events."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator.model.document import REVIEW_STATES, STATUSES, Document, DocumentSummary, content_hash
from annotator.model.errors import EventError, ProjectError, SpanError
from annotator.model.events import Argument, Event
from annotator.model.schema import EventType, Schema, parse_schema
from annotator.model.spans import Span, collector_paused, in_reading_order
from annotator.store.migrations import migrate

# A spans row (id, start, end, label, annotator, created, updated) is a Span's fields in order.
_as_span: Callable[[Any], Span] = partial(tuple.__new__, Span)


# A half-open range of start offsets, either end open (None), or None for every start.
Starts = tuple[int | None, int | None] | None


def _starts_where(column: str, starts: Starts) -> tuple[str, list[int]]:
    """SQL conditions, each after an AND, and their parameters: the rows whose ``column`` is in ``starts``."""
    if starts is None:
        return "", []
    sql, params = "", []
    low, high = starts
    if low is not None:
        sql, params = f" AND {column} >= ?", [low]
    if high is not None:
        sql, params = sql + f" AND {column} < ?", [*params, high]
    return sql, params


def now() -> str:
    """The current UTC time as stored in the file (ISO 8601, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class NewSpan:
    """A span to be written in a batch (import), before it has an id."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class NewEvent:
    """An event to be written in a batch (import), before it has an id: arguments are (role, span id)."""

    type: str
    start: int
    end: int
    arguments: tuple[tuple[str, int], ...] = ()


class Project:
    """An open project file. Every public method that writes commits one transaction before it returns."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._source = str(path) if path else ":memory:"
        self._annotator_ids: dict[str, int] = {}
        self._schema: Schema | None = None

    # -- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False, schema: Schema | None = None) -> Project:
        """Open a project file; with ``create`` a missing file becomes a new project with ``schema``."""
        path = Path(path)
        if not path.exists() and not create:
            raise ProjectError(f"{path}: no such project file")
        if path.exists() and path.is_dir():
            raise ProjectError(f"{path}: is a folder, not a project file")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=5.0)
            db = sqlite_utils.Database(conn)
            return cls._prepare(db, path, schema)
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{path}: cannot open as a project ({exc})") from exc
        except OSError as exc:
            raise ProjectError(f"{path}: cannot open ({exc.strerror or exc})") from exc

    @classmethod
    def memory(cls, schema: Schema | None = None) -> Project:
        """A project in memory, for tests and dry runs."""
        return cls._prepare(sqlite_utils.Database(memory=True), None, schema)

    @classmethod
    def _prepare(cls, db: sqlite_utils.Database, path: Path | None, schema: Schema | None) -> Project:
        db.execute("PRAGMA foreign_keys = ON")
        if path is not None:
            db.enable_wal()
            # WAL with synchronous=NORMAL survives a killed process (not a power cut mid-checkpoint);
            # FULL makes every committed edit durable against power loss too, and costs ~1 ms here.
            db.execute("PRAGMA synchronous = FULL")
        project = cls(db, path)
        migrate(db, project._source)
        if project._get("schema") is None:
            if schema is None:
                from annotator.model.schema import default_schema

                schema = default_schema()
            project.set_schema(schema)
        return project

    def close(self) -> None:
        """Close the file (everything is already committed)."""
        self.db.close()

    # -- key/value settings of the project ---------------------------------------------------------

    def _get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM project WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def _set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO project (key, value) VALUES (?, ?)", [key, value])

    @contextmanager
    def transaction(self) -> Iterator[Project]:
        """One transaction around several writes; nested calls become savepoints.

        A rollback also puts back what this object caches (the schema, annotator ids), so that memory
        never describes rows the file no longer has.
        """
        schema, annotator_ids = self._schema, dict(self._annotator_ids)
        try:
            with self.db.atomic():
                yield self
        except BaseException:
            self._schema, self._annotator_ids = schema, annotator_ids
            raise

    # -- schema ------------------------------------------------------------------------------------

    @property
    def schema(self) -> Schema:
        """The project's own copy of its label schema."""
        if self._schema is None:
            raw = self._get("schema")
            if raw is None:
                raise ProjectError(f"{self._source}: the project has no label schema")
            self._schema = parse_schema(json.loads(raw), f"{self._source} (stored schema)")
        return self._schema

    def set_schema(self, schema: Schema) -> None:
        """Store a new copy of the label schema."""
        with self.db.atomic():
            self._set("schema", json.dumps(schema.to_dict(), ensure_ascii=False))
        self._schema = schema

    # -- annotators --------------------------------------------------------------------------------

    def annotator_id(self, name: str) -> int:
        """The id of an annotator, created on first use."""
        name = name.strip()
        if not name:
            raise ProjectError("an annotator needs a name")
        cached = self._annotator_ids.get(name)
        if cached is not None:
            return cached
        row = self.db.execute("SELECT id FROM annotators WHERE name = ?", [name]).fetchone()
        if row is None:
            with self.db.atomic():
                cursor = self.db.execute(
                    "INSERT INTO annotators (name, created) VALUES (?, ?)", [name, now()]
                )
            ident = int(cursor.lastrowid or 0)
        else:
            ident = int(row[0])
        self._annotator_ids[name] = ident
        return ident

    def find_annotator_id(self, name: str) -> int | None:
        """The id of an annotator if the project has one of that name (never creates one)."""
        cached = self._annotator_ids.get(name.strip())
        if cached is not None:
            return cached
        row = self.db.execute("SELECT id FROM annotators WHERE name = ?", [name.strip()]).fetchone()
        return None if row is None else int(row[0])

    def annotators(self) -> list[str]:
        """Names of the annotators who have labels in the project (or were added), by name."""
        return [r[0] for r in self.db.execute("SELECT name FROM annotators ORDER BY name")]

    # -- documents ---------------------------------------------------------------------------------

    def add_document(
        self,
        text: str,
        title: str = "",
        meta: dict[str, Any] | None = None,
        status: str = "new",
        ext_id: str = "",
    ) -> int:
        """Add a document and return its id; a text already in the project returns the existing id."""
        text_hash = content_hash(text)
        existing = self.find_hashed_document(text, text_hash)
        if existing is not None:
            return existing
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
        stamp = now()
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO documents (ext_id, title, text, meta, content_hash, status, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    ext_id,
                    title or title_from(text),
                    text,
                    json.dumps(meta or {}, ensure_ascii=False),
                    text_hash,
                    status,
                    stamp,
                    stamp,
                ],
            )
        return int(cursor.lastrowid or 0)

    def find_document(self, text: str) -> int | None:
        """The id of the document with exactly this text, if any."""
        return self.find_hashed_document(text, content_hash(text))

    def find_hashed_document(self, text: str, text_hash: str) -> int | None:
        """find_document for a caller that already has the text's content_hash (import hashes once)."""
        for ident, stored in self.db.conn.execute(
            "SELECT id, text FROM documents WHERE content_hash = ?", [text_hash]
        ):
            if stored == text:
                return int(ident)
        return None

    def document(self, doc_id: int) -> Document:
        """One document with its text."""
        row = self.db.execute(
            "SELECT id, title, text, meta, status, ext_id FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise ProjectError(f"{self._source}: no document {doc_id}")
        return Document(
            id=row[0], title=row[1], text=row[2], meta=json.loads(row[3]), status=row[4], ext_id=row[5]
        )

    def document_ids(self) -> list[int]:
        """Every document id in list order."""
        return [int(r[0]) for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def document_count(self, status: str | None = None, review: str | None = None) -> int:
        """How many documents the project holds (with this work and review status, if given)."""
        conditions = [(c, v) for c, v in (("status", status), ("review", review)) if v is not None]
        where = " AND ".join(f"{column} = ?" for column, _ in conditions)
        sql = "SELECT count(*) FROM documents" + (f" WHERE {where}" if where else "")
        return int(self.db.execute(sql, [value for _, value in conditions]).fetchone()[0])

    def summaries(self, annotator: str | None = None) -> list[DocumentSummary]:
        """Title, status and entity count of every document (counting one annotator's spans if given)."""
        if annotator is None:
            counts = "SELECT doc_id, count(*) AS n FROM spans GROUP BY doc_id"
            params: list[Any] = []
        else:
            counts = "SELECT doc_id, count(*) AS n FROM spans WHERE annotator_id = ? GROUP BY doc_id"
            params = [self.find_annotator_id(annotator)]
        sql = (
            f"SELECT d.id, d.title, d.status, coalesce(c.n, 0), d.review FROM documents d "
            f"LEFT JOIN ({counts}) c ON c.doc_id = d.id ORDER BY d.id"
        )
        return [DocumentSummary(int(i), t, s, int(n), r) for i, t, s, n, r in self.db.execute(sql, params)]

    def set_status(self, doc_id: int, status: str) -> str:
        """Set a document's status and return the previous one."""
        if status not in STATUSES:
            raise ProjectError(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
        old = self.document_status(doc_id)
        with self.db.atomic():
            self.db.execute(
                "UPDATE documents SET status = ?, updated = ? WHERE id = ?", [status, now(), doc_id]
            )
        return old

    def document_status(self, doc_id: int) -> str:
        """A document's status."""
        row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise ProjectError(f"{self._source}: no document {doc_id}")
        return str(row[0])

    def review_status(self, doc_id: int) -> str:
        """A document's review status (one of REVIEW_STATES)."""
        row = self.db.execute("SELECT review FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise ProjectError(f"{self._source}: no document {doc_id}")
        return str(row[0])

    def set_review_status(self, doc_id: int, state: str) -> str:
        """Set a document's review status and return the previous one."""
        if state not in REVIEW_STATES:
            raise ProjectError(f"unknown review status {state!r} (use one of {', '.join(REVIEW_STATES)})")
        old = self.review_status(doc_id)
        with self.db.atomic():
            self.db.execute("UPDATE documents SET review = ? WHERE id = ?", [state, doc_id])
        return old

    # -- spans -------------------------------------------------------------------------------------

    def spans(self, doc_id: int, annotator: str | None = None, *, starts: Starts = None) -> list[Span]:
        """The spans of a document, of one annotator's layer or of all, in reading order.

        ``starts=(lo, hi)`` keeps the spans with ``lo <= start < hi`` (either bound None: open), so that
        the window can read the first screen of a long article before the rest.
        """
        where, params = _starts_where("s.start", starts)
        if annotator is not None:
            # One layer, the window's 20,000-span case: the name is a parameter rather than a join, and
            # the rows come in the index's order (doc, annotator, start), so SQLite does not sort; only
            # spans sharing a start may still need their (-end, id) order, which in_reading_order gives.
            rows = self.db.execute(
                "SELECT s.id, s.start, s.end, s.label, ?, s.created, s.updated FROM spans s "
                f"WHERE s.doc_id = ? AND s.annotator_id = ?{where} ORDER BY s.start",
                [annotator, doc_id, self.find_annotator_id(annotator), *params],
            )
        else:
            rows = self.db.execute(
                "SELECT s.id, s.start, s.end, s.label, a.name, s.created, s.updated FROM spans s "
                f"JOIN annotators a ON a.id = s.annotator_id WHERE s.doc_id = ?{where} ORDER BY s.start",
                [doc_id, *params],
            )
        with collector_paused():
            # Each row is already the Span's fields in order: make the tuples in C, not with a call each.
            return in_reading_order(list(map(_as_span, rows)))

    def _check_span(self, text_length: int, start: int, end: int, label: str) -> None:
        if not (0 <= start < end <= text_length):
            raise SpanError(f"offsets {start}-{end} are outside the text (length {text_length}) or empty")
        if self.schema.entity_type(label) is None:
            raise SpanError(f"label {label!r} is not in the project schema")

    def _text_length(self, doc_id: int) -> int:
        row = self.db.execute("SELECT length(text) FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise ProjectError(f"{self._source}: no document {doc_id}")
        return int(row[0])

    def add_span(
        self, doc_id: int, annotator: str, start: int, end: int, label: str, span_id: int | None = None
    ) -> Span:
        """Write one span (with a given id when restoring a deleted one) and return it."""
        self._check_span(self._text_length(doc_id), start, end, label)
        annotator_id = self.annotator_id(annotator)
        stamp = now()
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [span_id, doc_id, annotator_id, start, end, label, stamp, stamp],
            )
            self._touch(doc_id)
        return Span(int(cursor.lastrowid or 0), start, end, label, annotator, stamp, stamp)

    def restore_span(self, doc_id: int, span: Span) -> None:
        """Write back a span exactly as it was (undo of a delete)."""
        annotator_id = self.annotator_id(span.annotator)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [span.id, doc_id, annotator_id, span.start, span.end, span.label, span.created, span.updated],
            )
            self._touch(doc_id)

    def delete_span(self, span_id: int) -> None:
        """Delete one span; refused while it fills a role of an event."""
        with self.db.atomic():
            row = self.db.execute("SELECT doc_id FROM spans WHERE id = ?", [span_id]).fetchone()
            if row is None:
                raise SpanError(f"no span {span_id}")
            filled = self.db.execute(
                "SELECT g.role, g.event_id, e.type FROM arguments g JOIN events e ON e.id = g.event_id "
                "WHERE g.span_id = ? ORDER BY g.id LIMIT 1",
                [span_id],
            ).fetchone()
            if filled is not None:
                role, event_id, kind = filled
                raise SpanError(
                    f"span {span_id} fills the role {role} of event {event_id} ({kind}); "
                    "remove that argument first"
                )
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._touch(int(row[0]))

    def update_span(self, span: Span, stamp: str | None = None) -> Span:
        """Write a span's label and offsets (same id); return it with its update time (now, or ``stamp``)."""
        with self.db.atomic():
            row = self.db.execute("SELECT doc_id FROM spans WHERE id = ?", [span.id]).fetchone()
            if row is None:
                raise SpanError(f"no span {span.id}")
            self._check_span(self._text_length(int(row[0])), span.start, span.end, span.label)
            stamp = stamp or now()
            self.db.execute(
                "UPDATE spans SET start = ?, end = ?, label = ?, updated = ? WHERE id = ?",
                [span.start, span.end, span.label, stamp, span.id],
            )
            self._touch(int(row[0]))
        return Span(span.id, span.start, span.end, span.label, span.annotator, span.created, stamp)

    def _touch(self, doc_id: int) -> None:
        """Mark a new document as in progress once it gets its first label."""
        self.db.execute(
            "UPDATE documents SET status = 'in_progress', updated = ? WHERE id = ? AND status = 'new'",
            [now(), doc_id],
        )

    def add_spans(self, doc_id: int, annotator: str, spans: Iterable[NewSpan]) -> int:
        """Write many spans of one layer in the caller's transaction (import); return how many."""
        annotator_id = self.annotator_id(annotator)
        length = self._text_length(doc_id)
        stamp = now()
        rows = []
        for s in spans:
            self._check_span(length, s.start, s.end, s.label)
            rows.append((doc_id, annotator_id, s.start, s.end, s.label, stamp, stamp))
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO spans (doc_id, annotator_id, start, end, label, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def span_count(self) -> int:
        """How many spans the project holds."""
        return int(self.db.execute("SELECT count(*) FROM spans").fetchone()[0])

    # -- events ------------------------------------------------------------------------------------

    def events(self, doc_id: int, annotator: str | None = None, *, starts: Starts = None) -> list[Event]:
        """The events of a document with their arguments (by id), of one layer or of all, in reading order.

        ``starts=(lo, hi)`` keeps the events whose trigger starts at ``lo <= start < hi``, as for spans.
        """
        where = "e.doc_id = ?"
        params: list[Any] = [doc_id]
        if annotator is not None:
            where += " AND e.annotator_id = ?"
            params.append(self.find_annotator_id(annotator))
        bounds, bound_params = _starts_where("e.start", starts)
        where += bounds
        params += bound_params
        arguments: dict[int, list[Argument]] = {}
        with collector_paused():  # thousands of events and arguments that all live on
            for event_id, ident, role, span_id in self.db.execute(
                "SELECT g.event_id, g.id, g.role, g.span_id FROM arguments g "
                f"JOIN events e ON e.id = g.event_id WHERE {where} ORDER BY g.id",
                params,
            ):
                # The columns are INTEGER and TEXT NOT NULL: sqlite3 already gives int and str.
                arguments.setdefault(event_id, []).append(Argument(ident, role, span_id))
            rows = self.db.execute(
                "SELECT e.id, e.type, e.start, e.end, a.name, e.created, e.updated FROM events e "
                f"JOIN annotators a ON a.id = e.annotator_id WHERE {where} "
                "ORDER BY e.start, e.end DESC, e.id",
                params,
            )
            return [
                Event(ident, kind, start, end, name, tuple(arguments.get(ident, ())), created, updated)
                for ident, kind, start, end, name, created, updated in rows
            ]

    def _check_event(self, text_length: int, kind: str, start: int, end: int) -> None:
        if not (0 <= start < end <= text_length):
            raise EventError(
                f"trigger offsets {start}-{end} are outside the text (length {text_length}) or empty"
            )
        self._event_type(kind)

    def _event_type(self, kind: str) -> EventType:
        event_type = self.schema.event_type(kind)
        if event_type is None:
            raise EventError(f"event type {kind!r} is not in the project schema")
        return event_type

    def _check_role(self, kind: str, role: str) -> None:
        event_type = self._event_type(kind)
        if event_type.role(role) is None:
            roles = ", ".join(r.name for r in event_type.roles) or "none"
            raise EventError(f"role {role!r} is not a role of {kind} (roles: {roles})")

    def _event_row(self, event_id: int) -> tuple[int, int, str]:
        """(doc_id, annotator_id, type) of an event."""
        row = self.db.execute(
            "SELECT doc_id, annotator_id, type FROM events WHERE id = ?", [event_id]
        ).fetchone()
        if row is None:
            raise EventError(f"no event {event_id}")
        return int(row[0]), int(row[1]), str(row[2])

    def add_event(self, doc_id: int, annotator: str, type: str, start: int, end: int) -> Event:
        """Write one event without arguments at the trigger ``text[start:end]`` and return it."""
        self._check_event(self._text_length(doc_id), type, start, end)
        annotator_id = self.annotator_id(annotator)
        stamp = now()
        with self.db.atomic():
            cursor = self.db.execute(
                "INSERT INTO events (doc_id, annotator_id, start, end, type, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [doc_id, annotator_id, start, end, type, stamp, stamp],
            )
            self._touch(doc_id)
        return Event(int(cursor.lastrowid or 0), type, start, end, annotator, (), stamp, stamp)

    def restore_event(self, doc_id: int, event: Event) -> None:
        """Write back an event exactly as it was, with its id, times and arguments (undo of a delete)."""
        annotator_id = self.annotator_id(event.annotator)
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO events (id, doc_id, annotator_id, start, end, type, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    event.id,
                    doc_id,
                    annotator_id,
                    event.start,
                    event.end,
                    event.type,
                    event.created,
                    event.updated,
                ],
            )
            for argument in event.arguments:
                self._insert_argument(
                    event.id, doc_id, annotator_id, argument.role, argument.span_id, argument.id
                )
            self._touch(doc_id)

    def delete_event(self, event_id: int) -> None:
        """Delete one event and its arguments."""
        with self.db.atomic():
            doc_id, _, _ = self._event_row(event_id)
            self.db.execute("DELETE FROM events WHERE id = ?", [event_id])
            self._touch(doc_id)

    def update_event(self, event: Event, stamp: str | None = None) -> Event:
        """Write an event's type and trigger offsets (not its arguments); return it with its update time."""
        with self.db.atomic():
            doc_id, _, _ = self._event_row(event.id)
            self._check_event(self._text_length(doc_id), event.type, event.start, event.end)
            stamp = stamp or now()
            self.db.execute(
                "UPDATE events SET type = ?, start = ?, end = ?, updated = ? WHERE id = ?",
                [event.type, event.start, event.end, stamp, event.id],
            )
            self._touch(doc_id)
        return replace(event, updated=stamp)

    def _insert_argument(
        self, event_id: int, doc_id: int, annotator_id: int, role: str, span_id: int, argument_id: int | None
    ) -> int:
        """Check that the span may fill the role of this event (same layer, not yet there) and write it."""
        row = self.db.execute("SELECT doc_id, annotator_id FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise EventError(f"no span {span_id}")
        if (int(row[0]), int(row[1])) != (doc_id, annotator_id):
            raise EventError(
                f"span {span_id} is not in the same document and annotator layer as event {event_id}"
            )
        if self.db.execute(
            "SELECT 1 FROM arguments WHERE event_id = ? AND role = ? AND span_id = ?",
            [event_id, role, span_id],
        ).fetchone():
            raise EventError(f"span {span_id} already fills the role {role} of event {event_id}")
        cursor = self.db.execute(
            "INSERT INTO arguments (id, event_id, role, span_id, created) VALUES (?, ?, ?, ?, ?)",
            [argument_id, event_id, role, span_id, now()],
        )
        return int(cursor.lastrowid or 0)

    def add_argument(
        self, event_id: int, role: str, span_id: int, argument_id: int | None = None
    ) -> Argument:
        """Put an entity span of the event's layer in one of its type's roles and return the argument.

        A filler whose entity type the role does not allow is accepted: validation warns about it.
        """
        doc_id, annotator_id, kind = self._event_row(event_id)
        self._check_role(kind, role)
        with self.db.atomic():
            ident = self._insert_argument(event_id, doc_id, annotator_id, role, span_id, argument_id)
            self._touch(doc_id)
        return Argument(ident, role, span_id)

    def restore_argument(self, event_id: int, argument: Argument) -> None:
        """Write back a removed argument with its id, even with a role its event type no longer has."""
        doc_id, annotator_id, _ = self._event_row(event_id)
        with self.db.atomic():
            self._insert_argument(
                event_id, doc_id, annotator_id, argument.role, argument.span_id, argument.id
            )
            self._touch(doc_id)

    def delete_argument(self, argument_id: int) -> None:
        """Take one argument out of its event."""
        with self.db.atomic():
            row = self.db.execute(
                "SELECT e.doc_id FROM arguments g JOIN events e ON e.id = g.event_id WHERE g.id = ?",
                [argument_id],
            ).fetchone()
            if row is None:
                raise EventError(f"no argument {argument_id}")
            self.db.execute("DELETE FROM arguments WHERE id = ?", [argument_id])
            self._touch(int(row[0]))

    def add_events(self, doc_id: int, annotator: str, events: Iterable[NewEvent]) -> int:
        """Write many events of one layer with their arguments in the caller's transaction (import)."""
        annotator_id = self.annotator_id(annotator)
        length = self._text_length(doc_id)
        layer = {
            int(r[0])
            for r in self.db.execute(
                "SELECT id FROM spans WHERE doc_id = ? AND annotator_id = ?", [doc_id, annotator_id]
            )
        }
        stamp = now()
        count = 0
        with self.db.atomic():
            for new in events:
                self._check_event(length, new.type, new.start, new.end)
                for role, span_id in new.arguments:
                    self._check_role(new.type, role)
                    if span_id not in layer:
                        raise EventError(
                            f"span {span_id} is not in the document and annotator layer of the event"
                        )
                if len(set(new.arguments)) != len(new.arguments):
                    raise EventError(f"a {new.type} event at {new.start}-{new.end} lists an argument twice")
                cursor = self.db.execute(
                    "INSERT INTO events (doc_id, annotator_id, start, end, type, created, updated)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [doc_id, annotator_id, new.start, new.end, new.type, stamp, stamp],
                )
                event_id = int(cursor.lastrowid or 0)
                self.db.conn.executemany(
                    "INSERT INTO arguments (event_id, role, span_id, created) VALUES (?, ?, ?, ?)",
                    [(event_id, role, span_id, stamp) for role, span_id in new.arguments],
                )
                count += 1
        return count

    def event_count(self) -> int:
        """How many events the project holds."""
        return int(self.db.execute("SELECT count(*) FROM events").fetchone()[0])


def title_from(text: str) -> str:
    """A title for a text that came without one: its first non-empty line, shortened."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 80 else line[:79] + "…"
    return "Untitled"
