"""Opening a document in the shown window: text, spans and triggers in the first frame, then the panels."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from annotator.store.project import NewEvent, NewSpan
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import ARTICLE

SECOND = "Shelling hit Hasakah and Qamishli on Monday; the SDF reported the attack."


def add_second_document(window: MainWindow) -> int:
    """A document with two spans and two events (one with an argument), by annotator "tester"."""
    project = window.project
    doc_id = project.add_document(SECOND, title="Second")
    hasakah, qamishli = SECOND.index("Hasakah"), SECOND.index("Qamishli")
    project.add_spans(
        doc_id, "tester", [NewSpan(hasakah, hasakah + 7, "GPE"), NewSpan(qamishli, qamishli + 8, "GPE")]
    )
    target = project.spans(doc_id, "tester")[0].id
    shelling, attack = SECOND.index("Shelling"), SECOND.index("attack")
    project.add_events(
        doc_id,
        "tester",
        [
            NewEvent("Conflict:Attack", shelling, shelling + 8, (("Target", target),)),
            NewEvent("Conflict:Attack", attack, attack + 6, ()),
        ],
    )
    return doc_id


def test_the_event_panel_fills_after_the_first_frame_and_is_never_stale(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    first = window.layer.document.id
    first_trigger = ARTICLE.index("reached")
    window.layer.add_event("Conflict:Attack", first_trigger, first_trigger + len("reached"))
    qtbot.waitUntil(lambda: window.events.model.rowCount() == 1)
    second = add_second_document(window)

    window.open_document(second)
    # At once: the text, its spans and its triggers are what the first frame paints.
    assert window.text_view.text == SECOND
    assert [s.label for s in window.text_view.spans_at(SECOND.index("Hasakah"))] == ["GPE"]
    assert [e.type for e in window.text_view.events_at(SECOND.index("Shelling"))] == ["Conflict:Attack"]
    assert window.span_model.rowCount() == 2
    # The event panel is empty rather than showing the first document's event.
    assert window.events.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.events.model.rowCount() == 2, timeout=2000)
    shelling = window.events.model.index(0, 0)
    assert window.events.model.rowCount(shelling) >= 1  # its role slots, Target filled
    assert window.events.model.event_at(shelling).start == SECOND.index("Shelling")

    # Opened again quickly, before the panel could fill: it ends up showing the last document only.
    window.open_document(first)
    window.open_document(second)
    window.open_document(first)
    qtbot.waitUntil(lambda: window.events.model.rowCount() == 1, timeout=2000)
    QCoreApplication.processEvents()
    qtbot.wait(50)
    assert window.events.model.rowCount() == 1
    assert window.events.model.event_at(window.events.model.index(0, 0)).start == first_trigger


def test_a_slot_armed_in_one_document_is_not_filled_in_the_next(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    trigger = ARTICLE.index("reached")
    event = window.layer.add_event("Conflict:Attack", trigger, trigger + len("reached"))
    window.events.arm(event.id, "Target")
    assert window.events.armed is not None
    window.open_document(add_second_document(window))
    assert window.events.armed is None
