"""The project file: one SQLite database holding documents, the label schema, annotators and spans."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator.model.document import STATUSES, Document, DocumentSummary, content_hash
from annotator.model.errors import ProjectError, SpanError
from annotator.model.schema import Schema, parse_schema
from annotator.model.spans import Span
from annotator.store.migrations import migrate


def now() -> str:
    """The current UTC time as stored in the file (ISO 8601, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class NewSpan:
    """A span to be written in a batch (import), before it has an id."""

    start: int
    end: int
    label: str


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
        existing = self.find_document(text)
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
                    title or _title_from(text),
                    text,
                    json.dumps(meta or {}, ensure_ascii=False),
                    content_hash(text),
                    status,
                    stamp,
                    stamp,
                ],
            )
        return int(cursor.lastrowid or 0)

    def find_document(self, text: str) -> int | None:
        """The id of the document with exactly this text, if any."""
        for ident, stored in self.db.execute(
            "SELECT id, text FROM documents WHERE content_hash = ?", [content_hash(text)]
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

    def document_count(self) -> int:
        """How many documents the project holds."""
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def summaries(self, annotator: str | None = None) -> list[DocumentSummary]:
        """Title, status and entity count of every document (counting one annotator's spans if given)."""
        if annotator is None:
            counts = "SELECT doc_id, count(*) AS n FROM spans GROUP BY doc_id"
            params: list[Any] = []
        else:
            counts = "SELECT doc_id, count(*) AS n FROM spans WHERE annotator_id = ? GROUP BY doc_id"
            params = [self.find_annotator_id(annotator)]
        sql = (
            f"SELECT d.id, d.title, d.status, coalesce(c.n, 0) FROM documents d "
            f"LEFT JOIN ({counts}) c ON c.doc_id = d.id ORDER BY d.id"
        )
        return [DocumentSummary(int(i), t, s, int(n)) for i, t, s, n in self.db.execute(sql, params)]

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

    # -- spans -------------------------------------------------------------------------------------

    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]:
        """The spans of a document, of one annotator's layer or of all, in reading order."""
        sql = (
            "SELECT s.id, s.start, s.end, s.label, a.name, s.created, s.updated FROM spans s "
            "JOIN annotators a ON a.id = s.annotator_id WHERE s.doc_id = ?"
        )
        params: list[Any] = [doc_id]
        if annotator is not None:
            sql += " AND s.annotator_id = ?"
            params.append(self.find_annotator_id(annotator))
        sql += " ORDER BY s.start, s.end DESC, s.id"
        return [Span(*row) for row in self.db.execute(sql, params)]

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
        """Delete one span."""
        with self.db.atomic():
            row = self.db.execute("SELECT doc_id FROM spans WHERE id = ?", [span_id]).fetchone()
            if row is None:
                raise SpanError(f"no span {span_id}")
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


def _title_from(text: str) -> str:
    """A title for a text that came without one: its first non-empty line, shortened."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= 80 else line[:79] + "…"
    return "Untitled"
