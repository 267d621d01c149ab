"""The event tree says whether an event has slot rows without making them, directly and through the panel."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, QSortFilterProxyModel
from pytestqt.qtbot import QtBot

from annotator.model.events import Argument, Event, EventList
from annotator.model.schema import EventType, Schema, default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.panels.event_panel import EventPanel
from annotator.ui.qtmodels import event_tree
from annotator.ui.qtmodels.event_tree import EventTreeModel

TEXT = "Police arrested 14 members in Velmora on Tuesday; the talks ended."


def schema_with_a_roleless_type() -> Schema:
    schema = default_schema()
    return replace(schema, event_types=(*schema.event_types, EventType("Talks:End", "", ())))


def events() -> EventList:
    return EventList(
        [
            Event(10, "Justice:Arrest-Jail", 7, 15, "a", (Argument(1, "Person", 2),)),
            Event(11, "Conflict:Attack", 0, 6, "a"),  # no arguments: a row per role still
            Event(12, "Talks:End", 54, 59, "a"),  # no roles, no arguments: no rows
            Event(13, "Talks:End", 50, 53, "a", (Argument(2, "Who", 1),)),  # an unknown role's argument
            Event(14, "Not:InSchema", 60, 65, "a"),  # a type the schema lacks
        ]
    )


@pytest.fixture
def model() -> EventTreeModel:
    spans = SpanList([Span(1, 0, 6, "ORG", "a"), Span(2, 16, 26, "PER", "a")])
    tree = EventTreeModel()
    tree.set_content(TEXT, events(), schema_with_a_roleless_type(), spans.get)
    return tree


def test_has_children_agrees_with_the_slot_rows_without_making_them(
    model: EventTreeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    slots_of = event_tree.slots_of
    monkeypatch.setattr(
        event_tree, "slots_of", lambda event, schema: made.append(event.id) or slots_of(event, schema)
    )
    answers = [model.hasChildren(model.index(row, 0)) for row in range(model.rowCount())]
    assert made == []
    assert answers == [True, True, True, False, False]  # in reading order: 11, 10, 13, 12, 14
    assert answers == [model.rowCount(model.index(row, 0)) > 0 for row in range(model.rowCount())]
    assert model.hasChildren(QModelIndex())
    slot = model.index(0, 0, model.index(0, 0))
    assert not model.hasChildren(slot)
    assert not model.hasChildren(model.index(0, 1))


def test_the_panel_proxy_answers_as_a_plain_proxy_with_and_without_a_filter(
    qtbot: QtBot, model: EventTreeModel
) -> None:
    panel = EventPanel(model)
    qtbot.addWidget(panel)
    plain = QSortFilterProxyModel()
    plain.setSourceModel(model)
    plain.setRecursiveFilteringEnabled(True)
    plain.setFilterKeyColumn(-1)
    for needle in ("", "Talks", "Person", "zzz"):
        panel.filter.setText(needle)
        plain.setFilterFixedString(needle)
        assert panel.proxy.rowCount() == plain.rowCount()
        ours = [panel.proxy.hasChildren(panel.proxy.index(r, 0)) for r in range(panel.proxy.rowCount())]
        theirs = [plain.hasChildren(plain.index(r, 0)) for r in range(plain.rowCount())]
        assert ours == theirs, needle
