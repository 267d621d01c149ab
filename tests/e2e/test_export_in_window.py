"""File > Export in the window: the dialog's choices written to disk; Cancel and errors leave nothing."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

import annotator.formats.batched as batched_module
import annotator.formats.exporting as exporting_module
import annotator.formats.pool as pool_module
import annotator.ui.export_dialog as export_dialog_module
from annotator.formats.conll import write_conll
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.store.transfer import export_records
from annotator.ui.export_dialog import ExportDialog
from annotator.ui.main_window import MainWindow
from tests.ui.agreement_samples import add_layers
from tests.ui.conftest import ARTICLE

LAYERS = {
    "tester": {
        "Baghouz": [
            ("Baghouz", "GPE"),
            ("Syrian Democratic Forces", "ORG"),
            ("Mustafa Bali", "PER"),
            ("head of the SDF press office", "PER"),
            ("SDF press office", "ORG"),  # inside the PER span: IOB cannot hold both
        ]
    },
    "omar": {"Baghouz": [("Baghouz", "GPE"), ("Mustafa Bali", "PER"), ("Hasakah", "GPE")]},
}

Messages = list[tuple[str, str, str]]


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    seen: Messages = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda parent, title, text, kind=kind: seen.append((kind, title, text))
        )
    return seen


@pytest.fixture
def labelled(main_window: MainWindow) -> MainWindow:
    add_layers(main_window.project, LAYERS, {"Baghouz": ARTICLE})
    return main_window


def answer_dialog(
    monkeypatch: pytest.MonkeyPatch, fmt: str, out: Path, layer: str | None = None, status: str | None = None
) -> list[ExportDialog]:
    """Make ExportDialog.exec fill in these choices and press Export, instead of showing the modal."""
    shown: list[ExportDialog] = []

    def exec_(dialog: ExportDialog) -> int:
        shown.append(dialog)
        dialog.choose_format(fmt)
        if layer is not None:
            dialog.choose_layer(layer)
        dialog.choose_status(status)
        dialog.destination.setText(str(out))
        dialog.try_accept()
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    return shown


def press_export(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.text_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_export_action_is_in_the_file_menu_with_ctrl_e(main_window: MainWindow) -> None:
    action = main_window.findChild(QAction, "file.export")
    assert action is main_window.action_export
    assert action.text() == "&Export…"
    assert QKeySequence("Ctrl+E") in action.shortcuts()
    keys = [k for a in main_window.findChildren(QAction) for k in a.shortcuts() if a is not action]
    assert QKeySequence("Ctrl+E") not in keys
    assert main_window.findChild(QAction, "file.import_folder") is not None


def test_export_brat_folder_of_one_annotator(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "brat-omar"
    shown = answer_dialog(monkeypatch, "brat", out, layer="omar")
    press_export(qtbot, labelled)
    assert len(shown) == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "Arabic.ann",
        "Arabic.txt",
        "Baghouz.ann",
        "Baghouz.txt",
        "annotation.conf",
    ]
    assert (out / "Baghouz.txt").read_text(encoding="utf-8") == ARTICLE
    ann = (out / "Baghouz.ann").read_text(encoding="utf-8").splitlines()
    start = ARTICLE.index("Hasakah")
    assert ann == [
        f"T1\tGPE {ARTICLE.index('Baghouz')} {ARTICLE.index('Baghouz') + 7}\tBaghouz",
        f"T2\tPER {ARTICLE.index('Mustafa Bali')} {ARTICLE.index('Mustafa Bali') + 12}\tMustafa Bali",
        f"T3\tGPE {start} {start + 7}\tHasakah",
    ]
    assert (out / "Arabic.ann").read_text(encoding="utf-8") == ""
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "Export finished")
    assert text.splitlines()[:2] == [
        f"brat standoff written to {out} (labels of omar)",
        "2 documents, 3 spans, 0 events",
    ]
    assert leftovers(tmp_path) == []
    assert labelled.statusBar().currentMessage() == f"Exported 2 documents to {out}"


def test_export_conll_reports_the_overlap_it_cannot_hold(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tester.conll"
    answer_dialog(monkeypatch, "conll", out, layer="tester")
    press_export(qtbot, labelled)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "-DOCSTART- -X- O O"
    assert "Baghouz B-GPE" in lines
    assert lines[lines.index("Mustafa B-PER") :][:2] == ["Mustafa B-PER", "Bali I-PER"]
    assert "Hasakah O" in lines  # omar's label, not tester's
    assert "Syrian B-ORG" in lines
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "Export finished")
    summary = text.splitlines()
    assert summary[1] == "2 documents, 4 spans, 0 events"
    assert any(line.startswith("Skipped 1 ") for line in summary), summary
    assert leftovers(tmp_path) == []


def test_a_big_conll_export_from_the_window_runs_in_worker_processes(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = labelled.project
    with project.transaction():
        for number in range(300):
            text = f"Rebels attacked Raqqa on day {number}. Mustafa Bali said so."
            doc = project.add_document(text)
            project.add_span(doc, "tester", 16, 21, "GPE")
            project.add_span(doc, "tester", text.index("Mustafa"), text.index(" said"), "PER")
    monkeypatch.setattr(batched_module, "BATCH_DOCUMENTS", 10)  # 31 batches: the workers start at once
    monkeypatch.setattr(pool_module, "available_cores", lambda: 2)
    monkeypatch.setattr(pool_module, "spawn_is_safe", lambda: True)
    started: list[int] = []
    in_workers = pool_module._in_workers

    def counted(tasks: object, local: object, remote: object, workers: int) -> object:
        started.append(workers)
        return in_workers(tasks, local, remote, workers)  # type: ignore[arg-type]

    monkeypatch.setattr(pool_module, "_in_workers", counted)
    out = tmp_path / "big.conll"
    answer_dialog(monkeypatch, "conll", out, layer="tester")
    press_export(qtbot, labelled)
    assert started == [2]
    expected = io.StringIO()
    write_conll(export_records(project, annotator="tester"), expected)
    assert out.read_text(encoding="utf-8") == expected.getvalue()
    assert "\nRaqqa B-GPE\n" in expected.getvalue()
    kind, title, text = messages[-1]
    assert (kind, title) == ("information", "Export finished")
    assert text.splitlines()[1] == "302 documents, 604 spans, 0 events"
    assert leftovers(tmp_path) == []


def test_export_everyone_as_native_jsonl(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    out = tmp_path / "all.jsonl"
    answer_dialog(monkeypatch, "jsonl", out)
    press_export(qtbot, labelled)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    layers = sorted((row["title"], row.get("annotator"), len(row.get("entities", []))) for row in rows)
    assert ("Baghouz", "omar", 3) in layers
    assert ("Baghouz", "tester", 5) in layers
    assert messages[-1][1] == "Export finished"


def test_a_single_layer_format_never_offers_all_annotators(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[ExportDialog] = []

    def exec_(dialog: ExportDialog) -> int:
        shown.append(dialog)
        dialog.choose_format("brat")
        return ExportDialog.DialogCode.Rejected

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    labelled.action_export.trigger()
    assert shown[0].layer_choices() == ["omar", "tester"]
    assert shown[0].layer_combo.currentData() == "tester"  # the window's annotator
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("test.annotator")) == [
        "settings"
    ]


class CancelledProgress(QProgressDialog):
    def wasCanceled(self) -> bool:
        return True


@pytest.mark.parametrize(("fmt", "name"), [("brat", "cancelled-brat"), ("conll", "cancelled.conll")])
def test_cancel_writes_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    labelled: MainWindow,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    name: str,
) -> None:
    out = tmp_path / name
    answer_dialog(monkeypatch, fmt, out, layer="tester")
    monkeypatch.setattr(export_dialog_module, "QProgressDialog", CancelledProgress)
    press_export(qtbot, labelled)
    assert not out.exists()
    assert leftovers(tmp_path) == []
    assert messages == []
    assert labelled.statusBar().currentMessage() == "Export cancelled: nothing was written"


def failing_after_one(
    original: Callable[..., Iterator[DocumentRecord]],
) -> Callable[..., Iterator[DocumentRecord]]:
    def records(*args: object, **kwargs: object) -> Iterator[DocumentRecord]:
        for number, record in enumerate(original(*args, **kwargs)):
            if number == 1:
                raise FormatError("disk trouble on the second document")
            yield record

    return records


def fail_on_the_second_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make an export fail after its first document: brat reads records, CoNLL renders batches (made
    one document long here)."""
    monkeypatch.setattr(
        exporting_module, "export_records", failing_after_one(exporting_module.export_records)
    )
    monkeypatch.setattr(batched_module, "BATCH_DOCUMENTS", 1)
    render = exporting_module.render_batch
    calls: list[int] = []

    def failing(*args: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise FormatError("disk trouble on the second document")
        return render(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(exporting_module, "render_batch", failing)


@pytest.mark.parametrize(("fmt", "name"), [("brat", "failed-brat"), ("conll", "failed.conll")])
def test_an_error_while_writing_leaves_nothing(
    qtbot: QtBot,
    tmp_path: Path,
    labelled: MainWindow,
    messages: Messages,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    name: str,
) -> None:
    out = tmp_path / name
    answer_dialog(monkeypatch, fmt, out, layer="tester")
    fail_on_the_second_document(monkeypatch)
    press_export(qtbot, labelled)
    assert not out.exists()
    assert leftovers(tmp_path) == []
    assert messages == [
        ("warning", "Export failed: nothing was written", "disk trouble on the second document")
    ]


def test_an_existing_file_is_kept_when_the_export_fails(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "kept.conll"
    out.write_text("old contents\n", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    answer_dialog(monkeypatch, "conll", out, layer="tester")
    fail_on_the_second_document(monkeypatch)
    press_export(qtbot, labelled)
    assert out.read_text(encoding="utf-8") == "old contents\n"
    assert messages[-1][1] == "Export failed: nothing was written"


def test_a_destination_that_cannot_be_written_is_refused_before_anything_starts(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep me", encoding="utf-8")
    shown = answer_dialog(monkeypatch, "brat", full, layer="tester")
    press_export(qtbot, labelled)
    assert shown[0].plan is None
    assert messages == [("warning", "Cannot export", f"{full}: already exists and is not an empty folder")]
    assert sorted(p.name for p in full.iterdir()) == ["mine.txt"]
    assert leftovers(tmp_path) == []


def test_replacing_an_existing_export(
    qtbot: QtBot, tmp_path: Path, labelled: MainWindow, messages: Messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "again.conll"
    out.write_text("old contents\n", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    answer_dialog(monkeypatch, "conll", out, layer="omar")
    press_export(qtbot, labelled)
    assert "Hasakah B-GPE" in out.read_text(encoding="utf-8").splitlines()
    assert messages[-1][1] == "Export finished"
    assert leftovers(tmp_path) == []
