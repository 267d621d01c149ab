"""The event panel: a tree of the document's events and their role slots."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.model.events import Event
from annotator.ui.qtmodels.event_tree import EventTreeModel, Slot


class EventFilterProxy(QSortFilterProxyModel):
    """The panel's filter; unfiltered, it tells whether an event has slot rows without making them.

    A tree lays out its rows by asking each one ``hasChildren``, and the stock proxy answers by mapping
    the row's children, i.e. by building the slot rows of every event (50-110 ms for 2,000 events).
    """

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        source = self.sourceModel()
        if source is not None and not self.filterRegularExpression().pattern():
            return source.hasChildren(self.mapToSource(parent))  # every row passes: the same answer
        return super().hasChildren(parent)


class EventPanel(QWidget):
    """Lists events; emits the event or slot the annotator picks."""

    event_chosen = Signal(object)  # Event
    slot_chosen = Signal(object)  # Slot

    def __init__(self, model: EventTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = EventFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("event_filter")
        self.filter.setPlaceholderText("Filter events (type, trigger, role, filler)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTreeView(self)
        self.view.setObjectName("event_view")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        # Fixed widths: sizing to contents measures every row on each change.
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("Transaction:Transfer-Ownership") + 36)
        header.resizeSection(2, metrics.horizontalAdvance("2 roles filled") + 16)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.clicked.connect(self._picked)
        self.hint = QLabel(self)
        self.hint.setObjectName("event_hint")
        self.hint.setWordWrap(True)
        self.hint.setText("Select a trigger and press E to add an event.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        layout.addWidget(self.hint)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        del previous
        if self.view.hasFocus():
            self._picked(current)

    def _picked(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        slot = self.model.slot_at(source)
        if slot is not None:
            self.slot_chosen.emit(slot)
            return
        event = self.model.event_at(source)
        if event is not None:
            self.event_chosen.emit(event)

    def current_slot(self) -> Slot | None:
        """The slot row that is current, if any."""
        return self.model.slot_at(self.proxy.mapToSource(self.view.currentIndex()))

    def show_event(self, event: Event | None) -> None:
        """Select an event's row (without emitting)."""
        if event is None:
            self.view.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index_of_event(event.id))
        if index.isValid():
            blocked = self.view.blockSignals(True)
            self.view.setCurrentIndex(index)
            self.view.blockSignals(blocked)
            self.view.expand(index)
            self.view.scrollTo(index)

    def show_slot(self, event_id: int, role: str) -> None:
        """Make the first slot row of a role current (without emitting)."""
        parent = self.model.index_of_event(event_id)
        for row in range(self.model.rowCount(parent)):
            slot = self.model.slot_at(self.model.index(row, 0, parent))
            if slot is not None and slot.role == role:
                index = self.proxy.mapFromSource(self.model.index(row, 0, parent))
                self.view.setCurrentIndex(index)
                return
