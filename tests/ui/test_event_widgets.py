"""Event widgets: the type picker's ranking and keys, the event tree model, the text view's event marks."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.model.events import Argument, Event, EventList
from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.pickers import Choice, Picker, rank_event_type
from annotator.ui.qtmodels.event_tree import EventTreeModel, slots_of
from annotator.ui.text_view import TextView

TEXT = "Police arrested 14 members in Velmora on Tuesday."


def picker(qtbot: QtBot) -> Picker:
    choices = [Choice(t.name, t.name, t.description) for t in default_schema().event_types]
    widget = Picker("New Event", "Event type:", choices, ranked=True)
    qtbot.addWidget(widget)
    return widget


def test_typing_arr_puts_arrest_jail_first(qtbot: QtBot) -> None:
    widget = picker(qtbot)
    qtbot.keyClicks(widget.search, "arr")
    assert widget.current_values()[0] == "Justice:Arrest-Jail"
    qtbot.keyClicks(widget.search, "zzz")
    assert widget.current_values() == []


def test_arrows_and_enter_choose(qtbot: QtBot) -> None:
    widget = picker(qtbot)
    qtbot.keyClicks(widget.search, "con")  # Conflict:Attack, Conflict:Demonstrate, Justice:Convict...
    first, second = widget.current_values()[:2]
    qtbot.keyClick(widget.search, Qt.Key.Key_Down)
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    assert widget.chosen == second != first


def test_rank_prefers_subtype_then_type_then_words() -> None:
    assert rank_event_type("Justice:Arrest-Jail", "arr") == 1
    assert rank_event_type("Justice:Arrest-Jail", "just") == 2
    assert rank_event_type("Justice:Arrest-Jail", "jail") == 3
    assert rank_event_type("Justice:Arrest-Jail", "rest") == 4
    assert rank_event_type("Justice:Arrest-Jail", "xq") is None


def make_events() -> tuple[EventList, SpanList]:
    spans = SpanList([Span(1, 0, 6, "ORG", "a"), Span(2, 16, 26, "PER", "a"), Span(3, 30, 37, "GPE", "a")])
    events = EventList(
        [Event(10, "Justice:Arrest-Jail", 7, 15, "a", (Argument(1, "Agent", 1), Argument(2, "Person", 2)))]
    )
    return events, spans


def test_slots_list_every_role_filled_or_empty() -> None:
    events, _spans = make_events()
    slots = slots_of(events[0], default_schema())
    assert [(s.role, s.argument.span_id if s.argument else None) for s in slots] == [
        ("Person", 2),
        ("Agent", 1),
        ("Crime", None),
        ("Place", None),
        ("Time", None),
    ]


def test_event_tree_passes_the_model_tester_through_changes(qtmodeltester: ModelTester) -> None:
    events, spans = make_events()
    model = EventTreeModel()
    model.set_content(TEXT, events, default_schema(), spans.get)
    qtmodeltester.check(model)
    event = events[0]
    events.replace(event.with_arguments((*event.arguments, Argument(3, "Place", 3))))
    events.insert(Event(11, "Conflict:Attack", 0, 6, "a"))
    qtmodeltester.check(model)
    parent = model.index_of_event(10)
    place = next(
        r for r in range(model.rowCount(parent)) if model.slot_at(model.index(r, 0, parent)).role == "Place"
    )
    assert model.index(place, 1, parent).data() == "Velmora"
    events.remove(10)
    assert model.rowCount() == 1


def test_selected_event_labels_roles_and_dims_the_rest(qtbot: QtBot) -> None:
    events, spans = make_events()
    view = TextView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.set_content(TEXT, spans, default_schema())
    view.set_events(events)
    view.show()
    qtbot.waitExposed(view)
    triggers = view._visible_pieces(QRectF(view.viewport().rect()), events)
    assert [item.id for _r, item, _d, _b in triggers] == [10]
    with qtbot.waitSignal(view.current_event_changed):
        view.set_current_event(events[0], select=True)
    assert view.textCursor().selectedText() == "arrested"
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    assert "Justice:Arrest-Jail" in view._tooltip([], view.events_at(8))
