"""File > Import with a format chosen from the registry, File > Import Folder, and their summaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

import annotator.ui.import_filters as import_filters_module
from annotator.formats.registry import Format, import_formats
from annotator.ui.import_filters import ALL_FILES, format_filter, format_for_filter, import_filters
from annotator.ui.main_window import MainWindow


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: seen.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    return seen


def test_filters_come_from_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    filters, chosen = import_filters()
    entries = filters.split(";;")
    assert entries[0].startswith("All supported (*.txt *.jsonl")
    assert entries[-1] == ALL_FILES
    assert entries[1:-1] == [format_filter(f) for f in import_formats()]
    assert format_filter(import_formats()[0]) == "Plain text (*.txt)"
    assert "brat standoff (*.ann *.txt)" in entries
    assert chosen[entries[0]] == chosen[ALL_FILES] == "auto"
    assert format_for_filter("doccano JSONL (*.jsonl)") == "doccano"
    assert format_for_filter("something else") == "auto"
    extra = Format("fancy", "Fancy", (".fancy",), "new", reader=lambda path, schema, report: iter(()))
    monkeypatch.setattr(import_filters_module, "import_formats", lambda: [*import_formats(), extra])
    filters, chosen = import_filters()
    assert "Fancy (*.fancy)" in filters.split(";;")
    assert "*.fancy" in filters.split(";;")[0]
    assert chosen["Fancy (*.fancy)"] == "fancy"


def native(path: Path) -> Path:
    rows = [
        {"text": "Clashes near Raqqa.", "entities": [{"start": 13, "end": 18, "label": "GPE"}]},
        {"text": "B."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_chosen_filter_decides_the_format(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = native(tmp_path / "rows.jsonl")
    asked: list[str] = []

    def choose(parent: object, title: str, start: str, filters: str) -> tuple[list[str], str]:
        asked.append(filters)
        return [str(source)], "Plain text (*.txt)"

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", choose)
    main_window.action_import.trigger()
    assert asked == [import_filters()[0]]
    assert main_window.project.document_count() == 3  # the whole file as one article
    texts = [main_window.project.document(d).text for d in main_window.project.document_ids()]
    assert source.read_text(encoding="utf-8") in texts
    assert main_window.project.span_count() == 0
    assert messages[-1][0] == "Import finished"


def test_all_supported_detects_the_format(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = native(tmp_path / "rows.jsonl")
    filters = import_filters()[0].split(";;")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a: ([str(source)], filters[0]))
    main_window.action_import.trigger()
    assert main_window.project.document_count() == 4
    assert main_window.project.span_count() == 1


def brat_folder(folder: Path) -> Path:
    folder.mkdir()
    text = "Rescue teams reached Raqqa.\n"
    (folder / "raqqa.txt").write_text(text, encoding="utf-8")
    (folder / "raqqa.ann").write_text(
        "T1\tGPE 21 26\tRaqqa\nT2\tORG 0 12\tRescue teams\nR1\tLocated Arg1:T2 Arg2:T1\n", encoding="utf-8"
    )
    (folder / "orphan.ann").write_text("T1\tGPE 0 1\tX\n", encoding="utf-8")
    return folder


def test_import_folder_reads_brat_and_reports_what_it_skipped(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = brat_folder(tmp_path / "brat")
    asked: list[str] = []

    def choose(parent: object, title: str, start: str) -> str:
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose)
    main_window.findChild(type(main_window.action_import), "file.import_folder").trigger()
    assert asked == ["Import Folder (brat or plain text)"]
    assert main_window.project.document_count() == 3
    assert main_window.project.span_count() == 2
    title, text = messages[-1]
    assert title == "Import finished"
    lines = text.splitlines()
    assert lines[0] == "Imported 1 new document"
    assert any(
        line.startswith("Skipped 1 brat file orphan.ann: it has no .txt file beside it") for line in lines
    )
    assert any(line.startswith("Skipped 1 brat relation") for line in lines), lines
    assert f"{folder / 'orphan.ann'}: brat file orphan.ann (it has no .txt file beside it)" in lines


def test_import_folder_of_plain_text(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.txt").write_text(f"Article {name}.", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    main_window.import_folder()
    assert main_window.project.document_count() == 5
    assert messages[-1] == ("Import finished", "Imported 3 new documents\nAdded 0 spans")


def test_a_folder_with_nothing_to_import_says_so(
    tmp_path: Path, main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    main_window.import_folder()
    assert main_window.project.document_count() == 2
    title, text = messages[-1]
    assert title == "Import failed: nothing was imported"
    assert "a folder can be imported as brat standoff" in text


def test_cancelled_folder_dialog_does_nothing(
    main_window: MainWindow, messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: "")
    main_window.import_folder()
    assert messages == []
    assert main_window.project.document_count() == 2


def unknown_label_file(path: Path) -> Path:
    row = {"text": "Drones over Raqqa.", "entities": [{"start": 0, "end": 6, "label": "DRONE"}]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_labels_missing_from_the_schema_are_added_only_when_asked(
    tmp_path: Path,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
) -> None:
    source = unknown_label_file(tmp_path / "drones.jsonl")
    asked: list[tuple[str, str]] = []

    def question(parent: object, title: str, text: str) -> QMessageBox.StandardButton:
        asked.append((title, text))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    imported = main_window.import_paths([source])
    assert asked == [
        (
            "Import: labels not in the schema",
            f"{source}:1: label 'DRONE' is not in the project schema.\n\nAdd the missing labels and import?",
        )
    ]
    schema = main_window.project.schema
    if answer == QMessageBox.StandardButton.No:
        assert not imported
        assert main_window.project.document_count() == 2
        assert schema.entity_type("DRONE") is None
        assert messages == []
    else:
        assert imported
        assert main_window.project.span_count() == 1
        assert schema.entity_type("DRONE") is not None
        assert "label.DRONE" in [a.objectName() for a in main_window.label_actions]
        title, text = messages[-1]
        assert title == "Import finished"
        assert "Added 1 label to the schema: DRONE" in text.splitlines()
