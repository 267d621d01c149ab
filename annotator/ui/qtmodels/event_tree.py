"""The event panel's tree: events at the top level, their role slots (filled or empty) beneath."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.model.events import Argument, Event, EventList
from annotator.model.schema import Schema
from annotator.model.spans import Span
from annotator.ui import colors
from annotator.ui.qtmodels import horizontal_header

EventRole = Qt.ItemDataRole.UserRole + 1
SlotRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Event / role", "Text", "Type")
Index = QModelIndex | QPersistentModelIndex
SpanLookup = Callable[[int], Span | None]
TRIGGER_COLOR = "#7b2cbf"


@dataclass(frozen=True)
class Slot:
    """One row under an event: a role of its type with one filler, or empty."""

    event_id: int
    role: str
    argument: Argument | None
    allowed: tuple[str, ...]
    required: bool
    known: bool = True  # False: the role is not in the event's type (after a retype)


def slots_of(event: Event, schema: Schema | None) -> list[Slot]:
    """The slot rows of an event: each role's fillers (or one empty slot), then arguments of unknown roles."""
    event_type = schema.event_type(event.type) if schema else None
    rows: list[Slot] = []
    roles = event_type.roles if event_type else ()
    names = set()
    for role in roles:
        names.add(role.name)
        fillers = event.fillers(role.name)
        for argument in fillers:
            rows.append(Slot(event.id, role.name, argument, role.types, role.required))
        if not fillers:
            rows.append(Slot(event.id, role.name, None, role.types, role.required))
    for argument in event.arguments:
        if argument.role not in names:
            rows.append(Slot(event.id, argument.role, argument, (), False, known=False))
    return rows


class EventTreeModel(QAbstractItemModel):
    """Adapts an EventList: top-level rows follow its inserts and removals; slots follow its changes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events = EventList()
        self._events.subscribe(self._on_change)
        self._schema: Schema | None = None
        self._text = ""
        self._span: SpanLookup = lambda span_id: None
        self._slots: dict[int, list[Slot]] = {}

    def set_content(self, text: str, events: EventList, schema: Schema, span_lookup: SpanLookup) -> None:
        """Show another document layer's events."""
        self.beginResetModel()
        self._events.unsubscribe(self._on_change)
        self._events, self._text, self._schema, self._span = events, text, schema, span_lookup
        events.subscribe(self._on_change)
        self._slots.clear()
        self.endResetModel()

    def refresh_fillers(self) -> None:
        """Entity spans changed (relabelled, deleted): repaint the filler columns."""
        for row, event in enumerate(self._events):
            count = len(self.slots(event))
            if count:
                parent = self.index(row, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(count - 1, len(COLUMNS) - 1, parent)
                )

    def refresh_events(self, event_ids: set[int]) -> None:
        """Spans used by these events changed: repaint their filler rows only."""
        for event_id in event_ids:
            event = self._events.get(event_id)
            if event is None:
                continue
            count = len(self.slots(event))
            if count:
                parent = self.index_of_event(event_id)
                last = self.index(count - 1, len(COLUMNS) - 1, parent)
                self.dataChanged.emit(self.index(0, 0, parent), last)

    def slots(self, event: Event) -> list[Slot]:
        """The slot rows of an event (cached until it changes)."""
        cached = self._slots.get(event.id)
        if cached is None:
            cached = self._slots[event.id] = slots_of(event, self._schema)
        return cached

    def _on_change(self, kind: str, row: int, event: Event | None) -> None:
        if kind == "inserting":
            self.beginInsertRows(QModelIndex(), row, row)
        elif kind == "inserted":
            self.endInsertRows()
        elif kind == "removing":
            self.beginRemoveRows(QModelIndex(), row, row)
        elif kind == "removed":
            if event is not None:
                self._slots.pop(event.id, None)
            self.endRemoveRows()
        elif kind == "changed" and event is not None:
            parent = self.index(row, 0)
            old = len(self._slots.get(event.id, []))
            if old:
                self.beginRemoveRows(parent, 0, old - 1)
                self._slots[event.id] = []
                self.endRemoveRows()
            new = slots_of(event, self._schema)
            if new:
                self.beginInsertRows(parent, 0, len(new) - 1)
                self._slots[event.id] = new
                self.endInsertRows()
            else:
                self._slots[event.id] = new
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        elif kind == "resetting":
            self.beginResetModel()
        elif kind == "reset":
            self._slots.clear()
            self.endResetModel()

    # -- structure ---------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        event = self._events[parent.row()]
        return self.createIndex(row, column, event.id)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        event_id = int(child.internalId())
        if event_id == 0 or event_id not in self._events:
            return QModelIndex()
        return self.createIndex(self._events.row_of(event_id), 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._events)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self.slots(self._events[parent.row()]))

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        # The tree asks this of every event when it lays out its rows; rowCount would build the slot
        # rows of all 2,000 events of a long article (50-110 ms). An event has slot rows exactly when its
        # type has roles (one row each at least) or it has arguments (see slots_of).
        if not parent.isValid():
            return len(self._events) > 0
        if parent.internalId() != 0 or parent.column() != 0:
            return False
        event = self._events[parent.row()]
        if event.arguments:
            return True
        event_type = self._schema.event_type(event.type) if self._schema else None
        return event_type is not None and bool(event_type.roles)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return horizontal_header(COLUMNS, section, orientation, role)

    # -- lookups -----------------------------------------------------------------------------------

    def event_at(self, index: Index) -> Event | None:
        """The event of a top-level row, or of a slot row's parent."""
        if not index.isValid():
            return None
        event_id = int(index.internalId())
        if event_id == 0:
            return self._events[index.row()] if index.row() < len(self._events) else None
        return self._events.get(event_id)

    def slot_at(self, index: Index) -> Slot | None:
        """The slot of a slot row."""
        if not index.isValid() or index.internalId() == 0:
            return None
        event = self._events.get(int(index.internalId()))
        if event is None:
            return None
        rows = self.slots(event)
        return rows[index.row()] if index.row() < len(rows) else None

    def index_of_event(self, event_id: int) -> QModelIndex:
        """The top-level index of an event."""
        return self.index(self._events.row_of(event_id), 0) if event_id in self._events else QModelIndex()

    # -- data --------------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        slot = self.slot_at(index)
        if slot is None:
            event = self.event_at(index)
            return None if event is None else self._event_data(event, index.column(), role)
        return self._slot_data(slot, index.column(), role)

    def _event_data(self, event: Event, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return event.type
            if column == 1:
                return " ".join(self._text[event.start : event.end].split())
            filled = len({a.role for a in event.arguments})
            return f"{filled} role{'s' if filled != 1 else ''} filled"
        if role == EventRole:
            return event
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(TRIGGER_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            event_type = self._schema.event_type(event.type) if self._schema else None
            return event_type.description if event_type else f"{event.type} is not in the schema"
        return None

    def _slot_data(self, slot: Slot, column: int, role: int) -> Any:
        span = self._span(slot.argument.span_id) if slot.argument else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return slot.role + (" *" if slot.required else "")
            if column == 1:
                if slot.argument is None:
                    return "—"
                return " ".join(self._text[span.start : span.end].split()) if span else "(deleted span)"
            if column == 2:
                if span is None:
                    return "/".join(slot.allowed) if slot.argument is None else ""
                warn = slot.allowed and span.label not in slot.allowed
                return f"{span.label} ⚠" if warn or not slot.known else span.label
        if role == SlotRole:
            return slot
        if role == Qt.ItemDataRole.ForegroundRole:
            if slot.argument is None and column != 0:
                return QColor("#9e9e9e")
            if not slot.known or (span is not None and slot.allowed and span.label not in slot.allowed):
                return QColor("#b26a00")
        if role == Qt.ItemDataRole.DecorationRole and column == 2 and span is not None and self._schema:
            return colors.base_color(self._schema.entity_type(span.label))
        if role == Qt.ItemDataRole.ToolTipRole:
            if not slot.known:
                return f"{slot.role} is not a role of this event type"
            if span is not None and slot.allowed and span.label not in slot.allowed:
                return f"{slot.role} allows {', '.join(slot.allowed)}; this filler is {span.label}"
            return f"{slot.role}: {', '.join(slot.allowed)}" + (" (required)" if slot.required else "")
        return None
