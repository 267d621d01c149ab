"""Events end to end: two events by keyboard and mouse, four arguments, retype, undo/redo, delete a filler."""

from __future__ import annotations

import io
import json
import sqlite3
from collections import deque

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.formats.jsonl import write_jsonl
from annotator.store.project import Project
from annotator.store.transfer import export_records
from annotator.ui.main_window import MainWindow
from annotator.ui.pickers import Picker
from tests.e2e.test_annotate_entities import double_click_word
from tests.ui.conftest import ARTICLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> deque[str]:
    """What the annotator types into the next pickers and role menus; nothing modal is ever shown."""
    queue: deque[str] = deque()

    def picker_exec(self: Picker) -> int:
        for ch in queue.popleft():  # type into the search box, then press Enter
            self.search.setText(self.search.text() + ch)
        self._accept_row(self.list.currentIndex().row())
        return int(self.chosen is not None)

    monkeypatch.setattr(Picker, "exec", picker_exec)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    return queue


def click_span_in_text(qtbot: QtBot, window: MainWindow, word: str) -> None:
    view = window.text_view
    cursor = view.document().find(word)
    cursor.setPosition(cursor.selectionStart() + 1)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def click_slot(qtbot: QtBot, window: MainWindow, event_id: int, role: str) -> None:
    panel = window.events.panel
    parent = panel.model.index_of_event(event_id)
    for row in range(panel.model.rowCount(parent)):
        if panel.model.slot_at(panel.model.index(row, 0, parent)).role == role:
            index = panel.proxy.mapFromSource(panel.model.index(row, 0, parent))
            panel.view.setFocus()
            qtbot.mouseClick(
                panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.view.visualRect(index).center()
            )
            return
    raise AssertionError(role)


def tag(qtbot: QtBot, window: MainWindow, word: str, key: Qt.Key) -> None:
    double_click_word(qtbot, window, word)
    qtbot.keyClick(window.text_view, key)


def test_events_by_keyboard_and_mouse_then_the_file_and_the_export(
    qtbot: QtBot, main_window: MainWindow, answers: deque[str]
) -> None:
    window, view = main_window, main_window.text_view
    path = window.project.path
    tag(qtbot, window, "Baghouz", Qt.Key.Key_G)
    tag(qtbot, window, "Tuesday", Qt.Key.Key_T)
    tag(qtbot, window, "Hasakah", Qt.Key.Key_G)
    cursor = view.document().find("Mustafa")
    cursor.setPosition(cursor.selectionStart())
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_P)

    # Event 1 by keyboard: select the trigger, E, type "transp", Enter.
    double_click_word(qtbot, window, "reached")
    answers.append("transp")
    qtbot.keyClick(view, Qt.Key.Key_E)
    transport = window.layer.events[0]
    assert (transport.type, ARTICLE[transport.start : transport.end]) == ("Movement:Transport", "reached")

    # Destination by mouse: pick the slot in the event panel, click the entity in the text.
    click_slot(qtbot, window, transport.id, "Destination")
    click_span_in_text(qtbot, window, "Baghouz")
    # Time by keyboard only: R, choose the role, Enter on the nearest TIME mention.
    view.setFocus()
    answers.extend(["tim", ""])
    qtbot.keyClick(view, Qt.Key.Key_R)
    transport = window.layer.events.get(transport.id)
    assert sorted(a.role for a in transport.arguments) == ["Destination", "Time"]

    # Event 2 by mouse and picker: "met" as Contact:Meet.
    double_click_word(qtbot, window, "met")
    answers.append("meet")
    window.findChild(type(window.action_delete), "event.new").trigger()
    meet = window.layer.events.get(max(e.id for e in window.layer.events))
    assert meet.type == "Contact:Meet"
    # Entity from the entity panel, Place from the text.
    click_slot(qtbot, window, meet.id, "Entity")
    panel = window.entity_panel
    row = next(r for r in range(panel.model.rowCount()) if panel.model.index(r, 0).data() == "Mustafa Bali")
    panel.view.setFocus()
    qtbot.mouseClick(
        panel.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.view.visualRect(panel.model.index(row, 0)).center(),
    )
    click_slot(qtbot, window, meet.id, "Place")
    click_span_in_text(qtbot, window, "Hasakah")
    meet = window.layer.events.get(meet.id)
    assert sorted(a.role for a in meet.arguments) == ["Entity", "Place"]

    # Retype Contact:Meet as Conflict:Demonstrate (Shift+E), undo, redo.
    window.events.select_event(meet)
    view.setFocus()
    answers.append("demonst")
    qtbot.keyClick(view, Qt.Key.Key_E, SHIFT)
    assert window.layer.events.get(meet.id).type == "Conflict:Demonstrate"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.layer.events.get(meet.id).type == "Contact:Meet"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.layer.events.get(meet.id).type == "Conflict:Demonstrate"

    # Delete Hasakah, which fills Place: asked, then span and argument go in one step.
    view.set_current_event(None)
    click_span_in_text(qtbot, window, "Hasakah")
    assert view.current_span().text_in(ARTICLE) == "Hasakah"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [a.role for a in window.layer.events.get(meet.id).arguments] == ["Entity"]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # one undo brings both back
    assert sorted(a.role for a in window.layer.events.get(meet.id).arguments) == ["Entity", "Place"]
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    window.close()

    with sqlite3.connect(path) as conn:
        events = conn.execute("SELECT id, type, start, end FROM events ORDER BY start").fetchall()
        args = conn.execute(
            "SELECT e.type, a.role, s.start, s.end, s.label FROM arguments a "
            "JOIN events e ON e.id = a.event_id "
            "JOIN spans s ON s.id = a.span_id ORDER BY e.start, a.role"
        ).fetchall()
        labels = conn.execute("SELECT label, start, end FROM spans ORDER BY start").fetchall()
    assert [(t, ARTICLE[s:e]) for _i, t, s, e in events] == [
        ("Movement:Transport", "reached"),
        ("Conflict:Demonstrate", "met"),
    ]
    assert [(t, r, ARTICLE[s:e], lab) for t, r, s, e, lab in args] == [
        ("Movement:Transport", "Destination", "Baghouz", "GPE"),
        ("Movement:Transport", "Time", "Tuesday", "TIME"),
        ("Conflict:Demonstrate", "Entity", "Mustafa Bali", "PER"),
    ]
    assert [ARTICLE[s:e] for _l, s, e in labels] == ["Baghouz", "Tuesday", "Mustafa Bali"]

    out = io.StringIO()
    write_jsonl(export_records(Project.open(path)), out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    first = next(line for line in lines if line["text"] == ARTICLE)
    entities = {e["id"]: e for e in first["entities"]}
    exported = [
        (
            ev["type"],
            ev["trigger"]["text"],
            sorted((a["role"], entities[a["entity"]]["text"]) for a in ev["arguments"]),
        )
        for ev in first["events"]
    ]
    assert exported == [
        ("Movement:Transport", "reached", [("Destination", "Baghouz"), ("Time", "Tuesday")]),
        ("Conflict:Demonstrate", "met", [("Entity", "Mustafa Bali")]),
    ]
    for entity in first["entities"]:
        assert ARTICLE[entity["start"] : entity["end"]] == entity["text"]


def test_problems_list_follows_edits(qtbot: QtBot, main_window: MainWindow) -> None:
    layer = main_window.layer
    start = ARTICLE.index("Baghouz")
    place = layer.add(start, start + len("Baghouz"), "GPE")
    trigger = ARTICLE.index("reached")
    event = layer.add_event("Conflict:Attack", trigger, trigger + len("reached"))
    layer.add_argument(event.id, "Attacker", place.id)  # GPE is allowed; ORG would be too
    layer.change(place.id, label="LOC")  # LOC is not an allowed Attacker
    problems = main_window.events.problems
    qtbot.waitUntil(lambda: len(problems.issues) == 1)
    issue = problems.issues[0]
    assert (issue.severity, issue.kind) == ("warning", "disallowed_type")
    assert "Attacker “Baghouz” is LOC" in issue.message
    layer.change(place.id, label="GPE")
    qtbot.waitUntil(lambda: problems.issues == [])
