"""Span edits through the real window: select with text_view.select_offsets, then tag, relabel, delete,
undo and redo; and the floor for them (raw sqlite3 writes plus a bare repaint)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.harness import PaintCounter, QtSession, Row, summary

KINDS = ("add", "relabel", "delete", "undo", "redo")


class Editor:
    """Runs edit cycles in a MainWindow's open document and times each step up to its repaint.

    One cycle is five edits: tag a free word as PER (MainWindow.tag), tag it again as ORG (relabel),
    delete it (MainWindow.delete_spans), undo the delete and redo it (the undo group). Each timed step
    ends after processEvents, which paints the pending viewport update; the paint count proves it.
    """

    def __init__(self, window: Any, qt: QtSession) -> None:
        self.window = window
        self.qt = qt
        self.paints = PaintCounter(window.text_view.viewport())
        self.times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.paints_per_edit: list[int] = []

    def _step(self, kind: str, action: Callable[[], object], expect: int) -> None:
        layer = self.window.layer
        before = self.paints.count
        start = time.perf_counter()
        action()
        self.qt.process()
        self.times[kind].append(time.perf_counter() - start)
        self.paints_per_edit.append(self.paints.count - before)
        self.qt.check()
        if len(layer.spans) != expect:
            raise RuntimeError(f"{kind} left {len(layer.spans)} spans, expected {expect}")

    def cycle(self, start: int, end: int) -> None:
        """Add, relabel, delete, undo, redo one span over ``text[start:end]``."""
        window = self.window
        layer = window.layer
        count = len(layer.spans)
        window.text_view.select_offsets(start, end)
        self.qt.process()
        self._step("add", lambda: window.tag("PER"), count + 1)
        self._step("relabel", lambda: window.tag("ORG"), count + 1)
        if layer.spans.exact(start, end)[-1].label != "ORG":
            raise RuntimeError("relabel did not happen")
        self._step("delete", window.delete_spans, count)
        self._step("undo", window.undo_group.undo, count + 1)
        self._step("redo", window.undo_group.redo, count)

    def every(self) -> list[float]:
        """All step times."""
        return [t for kind in KINDS for t in self.times[kind]]


def edit_floor(path: Path, doc_id: int, annotator: str, cycles: int, bare: Any) -> list[float]:
    """The same mix of writes as raw sqlite3 statements, each committed (synchronous=FULL, WAL), each
    followed by a repaint of a bare QPlainTextEdit holding the same text."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    annotator_id = conn.execute("SELECT id FROM annotators WHERE name = ?", [annotator]).fetchone()[0]
    insert = (
        "INSERT INTO spans (id, doc_id, annotator_id, start, end, label, created, updated) "
        "VALUES (?, ?, ?, 0, 5, 'PER', '2019-01-01T00:00:00.000Z', '2019-01-01T00:00:00.000Z')"
    )
    times: list[float] = []

    def write(sql: str, params: list[Any]) -> None:
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute(sql, params)
        conn.execute("COMMIT")
        bare.viewport().repaint()
        times.append(time.perf_counter() - start)

    span_id = 1 << 40
    for _ in range(cycles):
        write(insert, [span_id, doc_id, annotator_id])
        write("UPDATE spans SET label = 'ORG', updated = ? WHERE id = ?", ["2019-01-02", span_id])
        write("DELETE FROM spans WHERE id = ?", [span_id])
        write(insert, [span_id, doc_id, annotator_id])
        write("DELETE FROM spans WHERE id = ?", [span_id])
    conn.close()
    return times


def bare_editor(text: str, like: Any, qt: QtSession) -> Any:
    """A shown, read-only QPlainTextEdit of the same size as ``like`` holding ``text``."""
    from PySide6.QtWidgets import QPlainTextEdit

    editor = QPlainTextEdit()
    editor.setReadOnly(True)
    editor.resize(like.size())
    editor.show()
    editor.setPlainText(text)
    qt.process()
    return editor


def edit_rows(key: str, scenario: str, editor: Editor, floor: list[float]) -> list[Row]:
    """The median and p99 rows for an edit run, beside the floor's median and p99."""
    stats, floor_stats = summary(editor.every()), summary(floor)
    by_kind = ", ".join(f"{kind} {summary(editor.times[kind])['median'] * 1e3:.1f}" for kind in KINDS)
    return [
        Row(
            f"{key}_median",
            scenario,
            "median per edit (UI update + commit)",
            stats["median"],
            floor_stats["median"],
            "sqlite3 write + commit, bare repaint",
            "< 16 ms",
            stats["median"] < 0.016,
            note=f"medians by kind: {by_kind} ms",
        ),
        Row(
            f"{key}_p99",
            "",
            "99th percentile per edit",
            stats["p99"],
            floor_stats["p99"],
            "same floor, p99",
            "< 50 ms",
            stats["p99"] < 0.050,
            note=f"max {stats['max'] * 1e3:.1f} ms",
        ),
    ]


def edit_info(editor: Editor, floor: list[float]) -> dict[str, Any]:
    """Per-kind statistics, paints per edit and the floor, for the JSON report."""
    return {
        "by_kind": {kind: summary(values) for kind, values in editor.times.items()},
        "paints_per_edit": summary([float(p) for p in editor.paints_per_edit]),
        "floor": summary(floor),
    }
