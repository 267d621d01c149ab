"""The export dialog: formats from the registry, the layers a format can hold, names, checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

import annotator.ui.export_dialog as export_dialog_module
from annotator.formats.registry import Format, export_formats, find_format
from annotator.formats.report import FormatReport
from annotator.store.project import Project
from annotator.ui.export_dialog import ExportDialog, summary_lines
from tests.ui.agreement_samples import THREE_ANNOTATORS, add_layers


@pytest.fixture
def labelled(project: Project) -> Project:
    add_layers(project, {"gold": THREE_ANNOTATORS["maria"], **THREE_ANNOTATORS})
    return project


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    return seen


def make_dialog(qtbot: QtBot, project: Project, tmp_path: Path, annotator: str = "maria") -> ExportDialog:
    dialog = ExportDialog(project, annotator, tmp_path)
    qtbot.addWidget(dialog)
    return dialog


def formats_listed(dialog: ExportDialog) -> list[str]:
    combo = dialog.format_combo
    return [combo.itemData(i) for i in range(combo.count())]


def test_lists_every_export_format_of_the_registry(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, project, tmp_path)
    assert formats_listed(dialog) == [f.name for f in export_formats()]
    assert "txt" not in formats_listed(dialog)  # import only
    assert dialog.format_combo.currentText() == export_formats()[0].title


def test_a_format_added_to_the_registry_appears(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = Format("fancy", "Fancy JSON", (".fancy",), "a new one", writer=lambda *a: None)
    monkeypatch.setattr(export_dialog_module, "export_formats", lambda: [*export_formats(), extra])
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("fancy")
    assert dialog.destination.text() == str(tmp_path / "test.fancy")
    assert "a new one" in dialog.format_summary.text()


def test_single_layer_formats_offer_one_annotator_at_a_time(
    qtbot: QtBot, labelled: Project, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, labelled, tmp_path)
    dialog.choose_format("brat")
    assert dialog.layer_choices() == ["gold", "lena", "maria", "omar"]
    assert dialog.layer_combo.itemText(0) == "Gold (adjudicated)"
    assert dialog.layer_combo.currentData() == "maria"  # the user's own layer
    dialog.choose_format("jsonl")
    assert dialog.layer_choices() == [None, "gold", "lena", "maria", "omar"]
    assert dialog.layer_combo.currentData() is None
    dialog.choose_layer("omar")
    dialog.choose_format("conll")
    assert dialog.layer_combo.currentData() == "omar"  # a chosen layer is kept


def test_no_gold_entry_without_a_gold_layer(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    add_layers(project, THREE_ANNOTATORS)
    dialog = make_dialog(qtbot, project, tmp_path, annotator="someone else")
    dialog.choose_format("conll")
    assert dialog.layer_choices() == ["lena", "maria", "omar"]
    assert dialog.layer_combo.currentData() == "lena"


def test_a_project_without_labels_can_still_be_exported(
    qtbot: QtBot, project: Project, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("conll")
    assert dialog.layer_choices() == [None]
    plan = dialog.make_plan()
    assert plan.annotator is None
    assert plan.documents == 2


def test_default_names_follow_the_format(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, project, tmp_path)
    names = {}
    for name in ("jsonl", "brat", "conll", "label-studio", "conll-bioes", "jsonl"):
        dialog.choose_format(name)
        names[name] = Path(dialog.destination.text())
    assert names["jsonl"] == tmp_path / "test.jsonl"
    assert names["brat"] == tmp_path / "test"
    assert names["conll"] == tmp_path / "test.conll"
    assert names["label-studio"] == tmp_path / "test.json"
    assert names["conll-bioes"] == tmp_path / find_format("conll-bioes").export_name("test")
    dialog.destination.setText(str(tmp_path / "sub" / "mine.conll"))
    dialog.choose_format("doccano")
    assert Path(dialog.destination.text()) == tmp_path / "sub" / "mine.jsonl"


def test_status_filter_counts_and_plans(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    first = project.document_ids()[0]
    project.set_status(first, "done")
    dialog = make_dialog(qtbot, project, tmp_path)
    assert dialog.count_label.text() == "2 documents will be exported"
    dialog.choose_status("done")
    assert dialog.count_label.text() == "1 document will be exported"
    plan = dialog.make_plan()
    assert (plan.status, plan.documents) == ("done", 1)


def test_review_filter_counts_and_plans(qtbot: QtBot, project: Project, tmp_path: Path) -> None:
    first = project.document_ids()[0]
    project.set_review_status(first, "adjudicated")
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_review("adjudicated")
    assert dialog.count_label.text() == "1 document will be exported"
    plan = dialog.make_plan()
    assert (plan.review, plan.documents) == ("adjudicated", 1)
    dialog.choose_status("done")
    assert dialog.count_label.text() == "0 documents will be exported"
    dialog.choose_review(None)
    dialog.choose_status(None)
    assert dialog.count_label.text() == "2 documents will be exported"


def test_browse_for_a_file(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []

    def save(parent: object, title: str, start: str, filters: str) -> tuple[str, str]:
        asked.append((start, filters))
        return str(tmp_path / "chosen.conll"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("conll")
    dialog.browse()
    assert dialog.destination.text() == str(tmp_path / "chosen.conll")
    assert asked == [(str(tmp_path / "test.conll"), "CoNLL-2003 (IOB2) (*.conll *.iob *.bio);;All files (*)")]


def test_browse_for_a_folder(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty, full = tmp_path / "empty", tmp_path / "full"
    empty.mkdir()
    full.mkdir()
    (full / "other.txt").write_text("x", encoding="utf-8")
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("brat")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(empty))
    dialog.browse()
    assert dialog.destination.text() == str(empty)  # an empty folder is written into
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(full))
    dialog.browse()
    assert dialog.destination.text() == str(full / "empty")  # a new folder in a full one
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: "")
    dialog.browse()
    assert dialog.destination.text() == str(full / "empty")  # cancelled: unchanged


def test_a_bad_destination_keeps_the_dialog_open(
    qtbot: QtBot, project: Project, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("conll")
    dialog.destination.setText(str(tmp_path))
    dialog.try_accept()
    assert dialog.plan is None
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    assert warnings == [("Cannot export", f"{tmp_path}: is a folder; CoNLL-2003 (IOB2) is written to a file")]
    dialog.destination.setText("")
    dialog.try_accept()
    assert warnings[-1] == ("Cannot export", "choose where to save the export")
    dialog.destination.setText(str(tmp_path / "ok.conll"))
    dialog.try_accept()
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    assert dialog.plan is not None
    assert dialog.plan.out == tmp_path / "ok.conll"
    assert list(tmp_path.glob("ok*")) == []  # planning writes nothing


def test_summary_lists_what_was_skipped_and_why(tmp_path: Path, project: Project) -> None:
    from annotator.formats.exporting import plan_export

    report = FormatReport(documents=3, spans=10)
    for number in range(15):
        report.skip("overlapping entity", "IOB tags cannot nest", f"doc{number}")
    plan = plan_export(project, "conll", tmp_path / "x.conll")
    lines = summary_lines(plan, report)
    assert lines[0] == f"CoNLL-2003 (IOB2) written to {tmp_path / 'x.conll'} (every annotator's labels)"
    assert lines[1] == "3 documents, 10 spans, 0 events"
    assert lines[2] == "Skipped 15 overlapping entities: IOB tags cannot nest"
    assert lines[4] == "doc0: overlapping entity (IOB tags cannot nest)"
    assert lines[-1] == "… and 3 more"


def test_replacing_a_file_asks_first(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "old.conll"
    existing.write_text("old\n", encoding="utf-8")
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("conll")
    dialog.destination.setText(str(existing))
    dialog.try_accept()
    assert asked == [f"{existing} already exists. Replace it with this export?"]
    assert dialog.plan is None
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    dialog.try_accept()
    assert dialog.plan is not None
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    assert existing.read_text(encoding="utf-8") == "old\n"  # replaced only by the export itself


def test_a_file_the_save_dialog_confirmed_is_not_asked_again(
    qtbot: QtBot, project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "old.conll"
    existing.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(existing), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked twice"))
    dialog = make_dialog(qtbot, project, tmp_path)
    dialog.choose_format("conll")
    dialog.browse()
    dialog.try_accept()
    assert dialog.plan is not None
    assert dialog.plan.out == existing
