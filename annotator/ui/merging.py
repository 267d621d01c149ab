"""File > Merge Project…: bring another annotator's project (or native JSONL) into the open one.

Documents are matched by content; each of the other file's layers comes in whole. A layer that would
replace different labels of the same annotator is never overwritten silently: the window asks, and
merges again with ``replace`` only on Yes. Like an import, a merge is not an undoable edit: the undo
history is cleared and the document list read again; review mode stays on for the open document.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from annotator.formats import read_as
from annotator.model.errors import AnnotatorError
from annotator.store.merge import LayerCollision, MergeSummary, is_jsonl, merge_project, merge_records

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

EDIT_ERRORS = (AnnotatorError, sqlite3.Error, OSError)
MERGE_FILTER = "Annotator projects (*.annotator);;Native JSONL (*.jsonl *.ndjson *.json);;All files (*)"
SHOWN_COLLISIONS = 8


def merge_dialog(window: MainWindow) -> bool:
    """Ask for another project file (or JSONL) and merge it."""
    start = window.project.path.parent if window.project.path else Path.home()
    path, _ = QFileDialog.getOpenFileName(window, "Merge Project", str(start), MERGE_FILTER)
    return merge_file(window, Path(path)) if path else False


def merge_file(window: MainWindow, path: Path) -> bool:
    """Merge a file into the window's project, asking before any layer is replaced; True when merged."""
    annotator: str | None = None
    if is_jsonl(path):
        name, ok = QInputDialog.getText(
            window, "Merge JSONL", "Whose labels are these (lines that name no annotator)?", text=path.stem
        )
        if not ok or not name.strip():
            return False
        annotator = name.strip()
    try:
        summary = _merge(window, path, annotator, replace=False)
    except LayerCollision as exc:
        shown = [f"• {c.line(path.name)}" for c in exc.collisions[:SHOWN_COLLISIONS]]
        if len(exc.collisions) > SHOWN_COLLISIONS:
            shown.append(f"… and {len(exc.collisions) - SHOWN_COLLISIONS} more")
        answer = QMessageBox.question(
            window,
            "Replace layers?",
            "These layers differ from the ones in the project:\n\n"
            + "\n".join(shown)
            + f"\n\nReplace them with the labels of {path.name}? (No merges nothing.)",
        )
        if answer != QMessageBox.StandardButton.Yes:
            window.statusBar().showMessage("Merge cancelled: nothing was merged", 6000)
            return False
        try:
            summary = _merge(window, path, annotator, replace=True)
        except EDIT_ERRORS as again:
            QMessageBox.warning(window, "Merge failed: nothing was merged", str(again))
            return False
    except EDIT_ERRORS as exc:
        QMessageBox.warning(window, "Merge failed: nothing was merged", str(exc))
        return False
    _reload(window)
    QMessageBox.information(window, "Merge finished", "\n".join(summary.lines()))
    return True


def _merge(window: MainWindow, path: Path, annotator: str | None, *, replace: bool) -> MergeSummary:
    if annotator is None:
        return merge_project(window.project, path, replace=replace)
    # Native JSONL, read as `annotator merge` reads it (other formats come in through File > Import).
    records = read_as("jsonl", path, window.project.schema)
    return merge_records(window.project, records, other=str(path), annotator=annotator, replace=replace)


def _reload(window: MainWindow) -> None:
    """Read the project again (new documents, layers, labels), keeping the open document and mode."""
    current = window.layer.document.id if window.layer is not None else None
    reviewing = window.review.active
    window._load_project(window.project)
    if current is not None:
        if reviewing:
            window.enter_review(current)
        else:
            window.open_document(current)
