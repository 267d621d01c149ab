"""The writes of an import: documents at once, spans, events and arguments queued and written in batches."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from annotator.store.project import Project, title_from

_DOCUMENT_SQL = (
    "INSERT INTO documents (ext_id, title, text, meta, content_hash, status, created, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_SPAN_SQL = (
    "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_EVENT_SQL = (
    "INSERT INTO events (id, doc_id, annotator_id, start, end, type, created, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_ARGUMENT_SQL = "INSERT INTO arguments (event_id, role, span_id, created) VALUES (?, ?, ?, ?)"


class BulkWriter:
    """Writes rows in the caller's transaction, without checking them: the import has checked them.

    Documents are written at once, so that the next record finds its text. Spans, events and arguments
    wait in queues and go in with one executemany per batch. The writer numbers spans and events itself
    (the ids SQLite would give them, one past the largest), so that queued arguments can point at
    queued spans. Call flush() before reading spans or events back, and before the transaction ends.
    """

    batch_rows = 10_000

    def __init__(self, project: Project) -> None:
        self._project = project
        self._conn: sqlite3.Connection = project.db.conn
        # Into a project that had no documents, a text can only repeat one this import added. A bit per
        # hash prefix of those (2 MiB, however many there are) spares the lookup for almost every text.
        self._only_added: bool | None = None
        self._added = bytearray(_FILTER_BITS // 8)
        self._spans: list[tuple[Any, ...]] = []
        self._events: list[tuple[Any, ...]] = []
        self._arguments: list[tuple[Any, ...]] = []
        self._next_span_id: int | None = None
        self._next_event_id: int | None = None

    def find_document(self, text: str, text_hash: str) -> int | None:
        """Project.find_document, mostly without a query when the project started out empty."""
        if self._only_added is None:
            self._only_added = self._conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None
        if self._only_added:
            bit = _filter_bit(text_hash)
            if not self._added[bit >> 3] & (1 << (bit & 7)):
                return None
        return self._project.find_hashed_document(text, text_hash)

    def add_document(
        self,
        text: str,
        text_hash: str,
        *,
        title: str,
        meta: dict[str, Any],
        status: str,
        ext_id: str,
        stamp: str,
    ) -> int:
        """Write a document (not already in the project: the caller looked) and return its id."""
        cursor = self._conn.execute(
            _DOCUMENT_SQL,
            (
                ext_id,
                title or title_from(text),
                text,
                _META_ENCODER.encode(meta) if meta else "{}",
                text_hash,
                status,
                stamp,
                stamp,
            ),
        )
        bit = _filter_bit(text_hash)
        self._added[bit >> 3] |= 1 << (bit & 7)
        return int(cursor.lastrowid or 0)

    def set_status(self, doc_id: int, status: str, stamp: str) -> None:
        """Write a document's status."""
        self._conn.execute(
            "UPDATE documents SET status = ?, updated = ? WHERE id = ?", (status, stamp, doc_id)
        )

    def add_spans(
        self, doc_id: int, annotator_id: int, spans: Sequence[tuple[int, int, str]], stamp: str
    ) -> range:
        """Queue spans given as (start, end, label) of one layer; return the ids they will have."""
        first = self._next_span_id
        if first is None:
            first = self._max_id("spans") + 1
        self._spans += [
            (ident, doc_id, annotator_id, start, end, label, stamp, stamp)
            for ident, (start, end, label) in enumerate(spans, first)
        ]
        self._next_span_id = first + len(spans)
        if len(self._spans) >= self.batch_rows:
            self.flush()
        return range(first, first + len(spans))

    def add_event(
        self,
        doc_id: int,
        annotator_id: int,
        kind: str,
        start: int,
        end: int,
        arguments: Sequence[tuple[str, int]],
        stamp: str,
    ) -> int:
        """Queue an event with its arguments, given as (role, span id); return its id to be."""
        ident = self._next_event_id
        if ident is None:
            ident = self._max_id("events") + 1
        self._next_event_id = ident + 1
        self._events.append((ident, doc_id, annotator_id, start, end, kind, stamp, stamp))
        self._arguments += [(ident, role, span_id, stamp) for role, span_id in arguments]
        if len(self._events) + len(self._arguments) >= self.batch_rows:
            self.flush()
        return ident

    def flush(self) -> None:
        """Write what waits in the queues: spans and events first, as arguments point at both."""
        for sql, rows in (
            (_SPAN_SQL, self._spans),
            (_EVENT_SQL, self._events),
            (_ARGUMENT_SQL, self._arguments),
        ):
            if rows:
                self._conn.executemany(sql, rows)
                rows.clear()

    def _max_id(self, table: str) -> int:
        return int(self._conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])


# What json.dumps(meta, ensure_ascii=False) gives, without building an encoder per document.
_META_ENCODER = json.JSONEncoder(ensure_ascii=False)
_FILTER_BITS = 1 << 24


def _filter_bit(text_hash: str) -> int:
    """The filter bit of a text: the first 24 bits of its SHA-256 (six hex digits)."""
    return int(text_hash[:6], 16)
