"""Review in the window: two annotators' projects merged, adjudicated by keyboard, gold read and exported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.formats import find_format
from annotator.formats.exporting import export_project, plan_export
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord
from annotator.store.merge import JSONL_SUFFIXES
from annotator.store.project import Project
from annotator.store.transfer import import_records
from annotator.ui.main_window import MainWindow
from annotator.ui.qtmodels.document_table import REVIEW
from annotator.ui.qtmodels.review_units import WHERE
from annotator.ui.shortcuts_dialog import ShortcutsDialog
from tests.ui.conftest import ARTICLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

ALICE = [
    ("Baghouz", "GPE"),
    ("Tuesday", "TIME"),
    ("Syrian Democratic Forces", "ORG"),
    ("Mustafa Bali", "PER"),
    ("SDF", "ORG"),
    ("Hasakah", "GPE"),
]
BOB = [
    ("Baghouz", "GPE"),
    ("Tuesday", "TIME"),
    ("Syrian Democratic Forces", "ORG"),
    ("Mustafa", "PER"),
    ("U.S.", "GPE"),
    ("Hasakah", "LOC"),
]


def at(phrase: str) -> tuple[int, int]:
    start = ARTICLE.index(phrase)
    return start, start + len(phrase)


def annotator_project(path: Path, name: str, labels: list[tuple[str, str]]) -> Path:
    """One annotator's own project file, labelled through the import path (``import --annotator``)."""
    project = Project.open(path, create=True)
    entities = tuple(EntityRecord(f"T{i}", *at(phrase), label) for i, (phrase, label) in enumerate(labels))
    import_records(project, [DocumentRecord(ARTICLE, title="Baghouz", entities=entities)], annotator=name)
    project.close()
    return path


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: seen.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: seen.append((title, text)))
    return seen


def merge_by_menu(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    action = window.findChild(QAction, "file.merge")
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if window.action_import in m.actions())
    assert action in file_menu.actions()
    action.trigger()


def merge_alice_and_bob(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    """Merge alice's and then bob's project by the menu; the id of the article they both labelled."""
    merge_by_menu(window, monkeypatch, annotator_project(tmp_path / "alice.annotator", "alice", ALICE))
    merge_by_menu(window, monkeypatch, annotator_project(tmp_path / "bob.annotator", "bob", BOB))
    doc_id = window.project.find_document(ARTICLE)
    assert doc_id is not None
    return doc_id


def key(
    qtbot: QtBot, window: MainWindow, which: Qt.Key, modifiers: Qt.KeyboardModifier | None = None
) -> None:
    view = window.text_view
    view.setFocus()
    if modifiers is None:
        qtbot.keyClick(view, which)
    else:
        qtbot.keyClick(view, which, modifiers)


def current_text(window: MainWindow) -> str:
    unit = window.review.current_unit()
    assert unit is not None
    return ARTICLE[unit.start : unit.end]


def gold_in_file(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT s.start, s.end, s.label FROM spans s JOIN annotators a ON a.id = s.annotator_id "
            "WHERE a.name = 'gold' ORDER BY s.start"
        ).fetchall()
    return [(ARTICLE[start:end], label) for start, end, label in rows]


def test_merge_review_by_keyboard_read_the_file_and_export_gold(
    tmp_path: Path,
    qtbot: QtBot,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = main_window
    path = window.project.path
    assert path is not None
    merge_alice_and_bob(window, monkeypatch, tmp_path)
    assert messages[-1][0] == "Merge finished"
    assert window.project.document_count() == 2  # matched by content, not added again
    doc_id = window.project.find_document(ARTICLE)
    assert doc_id is not None
    window.open_document(doc_id)
    with qtbot.waitActive(window):
        window.activateWindow()

    # Review mode: the reviewer's name in the title, gold as the edited layer, two overlays.
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    assert window.review.active
    assert window.findChild(QAction, "review.mode").isChecked()
    assert "Review by tester" in window.windowTitle()
    assert window.layer is not None
    assert window.layer.annotator == "gold"
    assert [layer.name for layer in window.review.overlay.layers] == ["alice", "bob"]
    assert window.review.status_label.text().startswith("Review · tester")
    model = window.review.model
    assert [model.index(row, WHERE).data() for row in range(model.rowCount())] == [
        "Mustafa Bali",
        "SDF",
        "U.S.",
        "Hasakah",
    ]
    assert current_text(window) == "Mustafa Bali"  # the first disagreement, selected in the text
    assert window.text_view.selection_offsets() == at("Mustafa Bali")

    key(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)  # accept all agreements
    assert [s.text_in(ARTICLE) for s in window.layer.spans] == [
        "Baghouz",
        "Tuesday",
        "Syrian Democratic Forces",
    ]
    key(qtbot, window, Qt.Key.Key_1)  # alice's "Mustafa Bali"; on to the next open one
    assert current_text(window) == "SDF"
    key(qtbot, window, Qt.Key.Key_Right, ALT)  # skip SDF for now
    assert current_text(window) == "U.S."
    key(qtbot, window, Qt.Key.Key_X)  # reject bob's U.S.
    assert current_text(window) == "Hasakah"
    key(qtbot, window, Qt.Key.Key_Left, ALT)  # back to the one skipped
    assert current_text(window) == "SDF"
    key(qtbot, window, Qt.Key.Key_2)  # bob has nothing there: nothing goes into gold
    assert current_text(window) == "Hasakah"
    assert window.document_panel.model.summary(doc_id).review == "in_review"
    # Neither GPE nor LOC: the reviewer tags Hasakah by hand (the unit is selected), a FAC.
    key(qtbot, window, Qt.Key.Key_F)
    assert [s.label for s in window.layer.spans.exact(*at("Hasakah"))] == ["FAC"]
    assert window.review.current_unit().decision.action == "edit"
    assert window.document_panel.model.summary(doc_id).review == "adjudicated"  # every unit settled

    # One undo takes the hand edit and its decision back; redo puts both again.
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert not window.layer.spans.exact(*at("Hasakah"))
    assert window.review.current_unit().decision is None
    assert window.document_panel.model.summary(doc_id).review == "in_review"
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [s.label for s in window.layer.spans.exact(*at("Hasakah"))] == ["FAC"]
    assert window.document_panel.model.summary(doc_id).review == "adjudicated"
    # Undo and redo a decision too: alice's Mustafa Bali.
    stack = window.undo_group.activeStack()
    assert stack.count() == 5  # agreements, 1, X, 2, the hand edit
    stack.setIndex(1)
    assert [s.text_in(ARTICLE) for s in window.layer.spans] == [
        "Baghouz",
        "Tuesday",
        "Syrian Democratic Forces",
    ]
    assert window.review.model.find("span:{}-{}".format(*at("Mustafa Bali"))).decision is None
    stack.setIndex(5)

    expected = [
        ("Baghouz", "GPE"),
        ("Tuesday", "TIME"),
        ("Syrian Democratic Forces", "ORG"),
        ("Mustafa Bali", "PER"),
        ("Hasakah", "FAC"),
    ]
    assert gold_in_file(path) == expected
    with sqlite3.connect(path) as conn:
        decisions = conn.execute(
            "SELECT unit, action, annotator, reviewer FROM decisions WHERE doc_id = ? ORDER BY unit", [doc_id]
        ).fetchall()
        review = conn.execute("SELECT review FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    units = {f"span:{start}-{end}": ARTICLE[start:end] for start, end in (at(p) for p, _ in ALICE + BOB)}
    assert sorted((units[unit], action, who, reviewer) for unit, action, who, reviewer in decisions) == [
        ("Baghouz", "accept", "alice", "tester"),
        ("Hasakah", "edit", None, "tester"),
        ("Mustafa Bali", "accept", "alice", "tester"),
        ("SDF", "accept", "bob", "tester"),
        ("Syrian Democratic Forces", "accept", "alice", "tester"),
        ("Tuesday", "accept", "alice", "tester"),
        ("U.S.", "reject", None, "tester"),
    ]
    assert review == "adjudicated"

    # The review state is in the document list, and filters it.
    panel = window.document_panel
    panel.review_filter.setCurrentIndex(panel.review_filter.findData("adjudicated"))
    assert panel.model.rowCount() == 1
    assert panel.model.doc_id(0) == doc_id
    panel.review_filter.setCurrentIndex(panel.review_filter.findData("unreviewed"))
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["Arabic"]
    panel.review_filter.setCurrentIndex(0)

    # Out of review mode: the reviewer's own (empty) layer again, the decision keys asleep.
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    assert not window.review.active
    assert window.layer.annotator == "tester"
    assert not window.findChild(QAction, "review.accept_1").isEnabled()
    assert "Review" not in window.windowTitle()

    out = tmp_path / "gold.jsonl"
    export_project(window.project, plan_export(window.project, "jsonl", out, annotator="gold"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [gold] = [r for r in records if r["text"] == ARTICLE]
    assert [(e["text"], e["label"]) for e in gold["entities"]] == expected
    conll = tmp_path / "gold.conll"
    export_project(window.project, plan_export(window.project, "conll", conll, annotator="gold"))
    tags = [line.split() for line in conll.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ["Hasakah", "B-FAC"] in [t[:1] + t[-1:] for t in tags]
    assert ["U.S.", "O"] in [t[:1] + t[-1:] for t in tags]


def test_a_colliding_layer_is_replaced_only_when_the_reviewer_says_yes(
    tmp_path: Path,
    qtbot: QtBot,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = main_window
    doc_id = merge_alice_and_bob(window, monkeypatch, tmp_path)
    assert window.enter_review(doc_id)
    again = annotator_project(tmp_path / "alice2.annotator", "alice", ALICE[:2])
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text: asked.append(text) or answer)
    merge_by_menu(window, monkeypatch, again)
    assert "annotator alice has different labels" in asked[-1]
    assert len(window.project.spans(doc_id, "alice")) == len(ALICE)
    assert window.review.active  # nothing happened
    answer = QMessageBox.StandardButton.Yes
    merge_by_menu(window, monkeypatch, again)
    assert messages[-1][0] == "Merge finished"
    assert "replaced 1" in messages[-1][1].lower()
    assert len(window.project.spans(doc_id, "alice")) == 2
    assert window.review.active  # still reviewing the same document, with alice's new layer
    assert window.layer is not None
    assert window.layer.document.id == doc_id
    [alice] = [layer for layer in window.review.overlay.layers if layer.name == "alice"]
    assert len(alice.spans) == 2


def test_review_keys_sleep_outside_review_mode_and_are_listed(main_window: MainWindow, qtbot: QtBot) -> None:
    window = main_window
    assert window.layer is not None
    qtbot.keyClick(window.text_view, Qt.Key.Key_1)
    assert window.project.spans(window.layer.document.id, "gold") == []
    # Nobody reviews yet: the document list keeps its room for titles.
    panel = window.document_panel
    assert panel.view.isColumnHidden(REVIEW)
    qtbot.keyClick(window.text_view, Qt.Key.Key_R, CTRL)
    assert window.review.active  # a document nobody labelled can be reviewed (gold by hand)
    assert not panel.view.isColumnHidden(REVIEW)
    assert "Merge Project" in window.statusBar().currentMessage()
    qtbot.keyClick(window.text_view, Qt.Key.Key_R, CTRL)
    assert panel.view.isColumnHidden(REVIEW)
    in_menu = review_menu_actions(window)
    for name, keys in [
        ("review.mode", "Ctrl+R"),
        ("review.next", "Alt+Right"),
        ("review.previous", "Alt+Left"),
        ("review.accept_1", "1"),
        ("review.accept_9", "9"),
        ("review.reject", "X"),
        ("review.accept_agreements", "Ctrl+Shift+A"),
    ]:
        action = window.findChild(QAction, name)
        assert action is not None, name
        assert [k.toString() for k in action.shortcuts()] == [keys]
        assert action in in_menu
        assert action.isEnabled() == (name == "review.mode")
    dialog = ShortcutsDialog(window.findChildren(QAction), window)
    qtbot.addWidget(dialog)
    listed = dialog_rows(dialog)
    assert "Next Disagreement" in listed
    assert "Review Mode" in listed
    assert "Accept All Agreements" in listed


def review_menu_actions(window: MainWindow) -> list[QAction]:
    menu = window.menuBar().findChild(QMenu, "menu.review")
    assert isinstance(menu, QMenu)
    return menu.actions()


def dialog_rows(dialog: ShortcutsDialog) -> list[str]:
    from PySide6.QtWidgets import QTableView

    table = dialog.findChild(QTableView)
    assert table is not None
    model = table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def event_project(path: Path, name: str, entity: str, place_label: str) -> Path:
    """An annotator's project with a Contact:Meet event at "met" (Entity and Place filled)."""
    project = Project.open(path, create=True)
    entities = (EntityRecord("T1", *at(entity), "PER"), EntityRecord("T2", *at("Hasakah"), place_label))
    meet = EventRecord(
        "E1",
        "Contact:Meet",
        *at("met"),
        arguments=(ArgumentRecord("Entity", "T1"), ArgumentRecord("Place", "T2")),
    )
    record = DocumentRecord(ARTICLE, title="Baghouz", entities=entities, events=(meet,))
    import_records(project, [record], annotator=name)
    project.close()
    return path


def test_events_are_accepted_with_their_arguments_and_a_filled_role_is_one_undo(
    tmp_path: Path,
    qtbot: QtBot,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = main_window
    merge_by_menu(
        window, monkeypatch, event_project(tmp_path / "a.annotator", "alice", "Mustafa Bali", "GPE")
    )
    merge_by_menu(window, monkeypatch, event_project(tmp_path / "b.annotator", "bob", "Mustafa", "LOC"))
    doc_id = window.project.find_document(ARTICLE)
    assert doc_id is not None
    window.open_document(doc_id)
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    [meet] = [u for u in window.review.model.units if u.kind == "event"]
    assert meet.differences == ("argument",)
    assert [layer.name for layer in window.review.overlay.layers if len(layer.events)] == ["alice", "bob"]
    window.review.choose(meet.key)
    key(qtbot, window, Qt.Key.Key_1)
    layer = window.layer
    assert layer is not None
    [event] = list(layer.events)
    fillers = sorted((a.role, layer.spans.get(a.span_id).text_in(ARTICLE)) for a in event.arguments)
    assert fillers == [("Entity", "Mustafa Bali"), ("Place", "Hasakah")]
    qtbot.waitUntil(lambda: window.events.model.rowCount() == 1)

    # Tagging a new entity for an armed role slot is one macro: the decision it makes joins it.
    window.events.arm(event.id, "Time")
    window.text_view.select_offsets(*at("Tuesday"))
    key(qtbot, window, Qt.Key.Key_T)
    [event] = list(layer.events)
    assert "Time" in {a.role for a in event.arguments}
    tuesday = window.review.model.find("span:{}-{}".format(*at("Tuesday")))
    assert tuesday is None  # nobody labelled Tuesday: no unit, so no decision either
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    [event] = list(layer.events)
    assert "Time" not in {a.role for a in event.arguments}
    assert not layer.spans.exact(*at("Tuesday"))
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert not list(layer.events)
    assert window.project.events(doc_id, "gold") == []


def test_a_label_on_a_digit_keeps_its_key_in_review_mode(
    tmp_path: Path, qtbot: QtBot, main_window: MainWindow
) -> None:
    from dataclasses import replace

    from annotator.model.schema import default_schema

    schema = default_schema()
    entities = tuple(replace(e, hotkey="1") if e.name == "PER" else e for e in schema.entity_types)
    project = Project.open(
        tmp_path / "digits.annotator", create=True, schema=replace(schema, entity_types=entities)
    )
    project.add_document(ARTICLE, title="Baghouz")
    second = project.add_document("Floods reached Raqqa.", title="Floods")
    project.close()
    window = main_window
    assert window.open_project(tmp_path / "digits.annotator")
    with qtbot.waitActive(window):
        window.activateWindow()
    key(qtbot, window, Qt.Key.Key_R, CTRL)
    assert window.review.active
    assert [k.toString() for k in window.findChild(QAction, "review.accept_1").shortcuts()] == []
    assert [k.toString() for k in window.findChild(QAction, "review.accept_2").shortcuts()] == ["2"]
    window.text_view.select_offsets(*at("Baghouz"))
    key(qtbot, window, Qt.Key.Key_1)  # PER, in gold
    assert [(s.label, s.annotator) for s in window.layer.spans] == [("PER", "gold")]
    key(qtbot, window, Qt.Key.Key_Down, ALT)  # the next document: still in review, its gold layer
    assert window.review.active
    assert window.layer.document.id == second
    assert window.layer.annotator == "gold"
    assert "Review by tester" in window.windowTitle()


def test_keys_work_from_the_disagreement_list_and_adjudicated_is_undoable(
    tmp_path: Path,
    qtbot: QtBot,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = main_window
    doc_id = merge_alice_and_bob(window, monkeypatch, tmp_path)
    assert window.enter_review(doc_id)
    table = window.review.panel.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Right, ALT)
    assert current_text(window) == "SDF"
    qtbot.keyClick(table, Qt.Key.Key_1)
    assert [s.text_in(ARTICLE) for s in window.layer.spans] == ["SDF"]
    # Clicking a row puts its unit under review and selects it in the text.
    row = window.review.model.row_of("span:{}-{}".format(*at("Hasakah")))
    assert row is not None
    rect = table.visualRect(window.review.model.index(row, WHERE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert current_text(window) == "Hasakah"
    assert window.text_view.selection_offsets() == at("Hasakah")
    # Hiding a layer hides its bars and its tag; the checkbox is the menu's action.
    window.findChild(QAction, "review.show_2").trigger()
    assert [layer.visible for layer in window.review.overlay.layers] == [True, False]
    window.findChild(QAction, "review.mark_adjudicated").trigger()
    assert window.project.review_status(doc_id) == "adjudicated"
    assert window.document_panel.model.summary(doc_id).review == "adjudicated"
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert window.project.review_status(doc_id) == "in_review"
    assert window.document_panel.model.summary(doc_id).review == "in_review"


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_merge_native_jsonl_by_menu_as_the_command_line_does(
    tmp_path: Path,
    main_window: MainWindow,
    messages: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    assert find_format("jsonl").suffixes == JSONL_SUFFIXES  # merge knows JSONL as the registry does
    start, end = at("Baghouz")
    line = {"text": ARTICLE, "entities": [{"start": start, "end": end, "label": "GPE"}]}
    source = tmp_path / f"carol{suffix}"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    asked: list[str] = []

    def name(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(kwargs.get("text")))
        return "carol", True

    monkeypatch.setattr(QInputDialog, "getText", name)
    merge_by_menu(main_window, monkeypatch, source)
    assert asked == ["carol"]  # whose labels: the file's name offered
    assert messages[-1][0] == "Merge finished", messages
    doc_id = main_window.project.find_document(ARTICLE)
    assert doc_id is not None
    assert [(s.start, s.end, s.label) for s in main_window.project.spans(doc_id, "carol")] == [
        (start, end, "GPE")
    ]
