"""File > Import and drag-and-drop in the window: streamed, one transaction, Cancel changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

import annotator.ui.main_window as main_window_module
from annotator.ui.main_window import MainWindow


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: seen.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    return seen


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def counts(window: MainWindow) -> tuple[int, int]:
    return window.project.document_count(), window.project.span_count()


def test_import_adds_documents_and_labels(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]]
) -> None:
    text = "Rescue 😀 teams reached Raqqa.\r\nMore."
    start = text.index("Raqqa")
    good = write_jsonl(
        tmp_path / "good.jsonl",
        [{"text": text, "entities": [{"start": start, "end": start + 5, "label": "GPE", "text": "Raqqa"}]}],
    )
    article = tmp_path / "Flood_report.txt"
    article.write_bytes(b"Floods in Deir ez-Zor.\r\n")
    assert main_window.import_paths([good, article])
    assert counts(main_window) == (4, 1)
    assert messages[-1][0] == "Import finished"
    assert main_window.document_panel.model.total == 4


def test_bad_line_imports_nothing_and_says_where(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]]
) -> None:
    before = counts(main_window)
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"text": "Fine."},
            {
                "text": "Raqqa",
                "entities": [
                    {"start": 0, "end": 5, "label": "GPE", "text": "Raqqa"},
                    {"start": 0, "end": 9, "label": "GPE"},
                ],
            },
        ],
    )
    assert not main_window.import_paths([bad])
    assert counts(main_window) == before
    title, text = messages[-1]
    assert title == "Import failed: nothing was imported"
    assert text.startswith(f"{bad}:2: ")


class CancelledProgress(QProgressDialog):
    def wasCanceled(self) -> bool:
        return True


def test_cancel_rolls_everything_back(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(main_window)
    many = write_jsonl(tmp_path / "many.jsonl", [{"text": f"Article number {i}."} for i in range(500)])
    monkeypatch.setattr(main_window_module, "QProgressDialog", CancelledProgress)
    assert not main_window.import_paths([many])
    assert counts(main_window) == before
    assert messages == []


def test_dropping_files_on_the_window_imports_them(
    qtbot: QtBot, tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]]
) -> None:
    article = tmp_path / "dropped.txt"
    article.write_text("Dropped article about Homs.", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    main_window.dropEvent(event)
    assert main_window.project.document_count() == 3
    assert messages[-1][0] == "Import finished"


def test_export_writes_the_project_as_jsonl(
    tmp_path: Path, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, messages: list[tuple[str, str]]
) -> None:
    from annotator.ui.export_dialog import ExportDialog

    target = tmp_path / "out.jsonl"

    def export_to_target(dialog: ExportDialog) -> int:
        dialog.choose_format("jsonl")
        dialog.destination.setText(str(target))
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", export_to_target)
    main_window.findChild(QAction, "file.export").trigger()
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["title"] for line in lines) == ["Arabic", "Baghouz"]
    assert not list(tmp_path.glob(".out.jsonl.*"))
    assert messages[-1][0] == "Export finished"
    assert "Exported 2 documents" in main_window.statusBar().currentMessage()
