"""The review panel: the units where annotators differ, who said what, and the decision buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.model.review import ReviewUnit
from annotator.ui.qtmodels.review_units import FILTERS, KIND, WHERE, ReviewUnitsModel, UnitRole
from annotator.ui.review_overlay import annotator_color


def swatch(color: QColor, size: int = 12) -> QIcon:
    """A small square of a colour, for legends."""
    pixmap = QPixmap(size, size)
    pixmap.fill(color)
    return QIcon(pixmap)


class ReviewPanel(QWidget):
    """Shows a ReviewUnitsModel; the buttons ask for decisions, picking a row emits ``unit_chosen``."""

    unit_chosen = Signal(object)  # ReviewUnit
    accept_requested = Signal(int)  # annotator number, 1..
    reject_requested = Signal()
    accept_agreements_requested = Signal()

    def __init__(self, model: ReviewUnitsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_panel")
        self.model = model
        self.summary = QLabel(self)
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        self.legend = QHBoxLayout()
        self.legend.setSpacing(4)
        self.filter = QComboBox(self)
        self.filter.setObjectName("review_filter")
        for mode, title in FILTERS.items():
            self.filter.addItem(title, mode)
        self.filter.currentIndexChanged.connect(lambda _i: model.set_filter(str(self.filter.currentData())))
        self.view = QTableView(self)
        self.view.setObjectName("review_view")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.activated.connect(self._chosen)
        model.modelReset.connect(self._columns_changed)
        self.accept_buttons: list[QPushButton] = []
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        self.reject_button = QPushButton("Reject", self)
        self.reject_button.setObjectName("review_reject")
        self.reject_button.setToolTip("Remove every label here from the gold layer (X)")
        self.reject_button.clicked.connect(self.reject_requested)
        self.agreements_button = QPushButton("Accept All Agreements", self)
        self.agreements_button.setObjectName("review_accept_agreements")
        self.agreements_button.setToolTip("Accept every unit all annotators agree on (Ctrl+Shift+A)")
        self.agreements_button.clicked.connect(self.accept_agreements_requested)
        top = QHBoxLayout()
        top.addLayout(self.legend)
        top.addStretch(1)
        top.addWidget(QLabel("Show:", self))
        top.addWidget(self.filter)
        bottom = QHBoxLayout()
        bottom.addLayout(self.buttons)
        bottom.addWidget(self.reject_button)
        bottom.addStretch(1)
        bottom.addWidget(self.agreements_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addLayout(bottom)
        self._quiet = False

    # -- content -----------------------------------------------------------------------------------

    def set_annotators(self, annotators: Sequence[str], overlay_actions: Sequence[QAction] = ()) -> None:
        """One Accept button per annotator, and one legend toggle per overlay action."""
        for button in self.accept_buttons:
            self.buttons.removeWidget(button)
            button.deleteLater()
        self.accept_buttons = []
        for number, name in enumerate(annotators, start=1):
            button = QPushButton(swatch(annotator_color(number - 1)), f"Accept {name}", self)
            button.setObjectName(f"review_accept_{number}")
            button.setToolTip(f"Make {name}'s version the gold one here ({number})" if number <= 9 else "")
            button.clicked.connect(lambda _checked=False, n=number: self.accept_requested.emit(n))
            self.buttons.addWidget(button)
            self.accept_buttons.append(button)
        while self.legend.count():
            item = self.legend.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for number, action in enumerate(overlay_actions):
            toggle = QToolButton(self)
            toggle.setDefaultAction(action)  # its icon is the annotator's colour
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            toggle.setObjectName(f"review_show_{number + 1}")
            toggle.setAutoRaise(True)
            self.legend.addWidget(toggle)
        self._columns_changed()

    def set_summary(self, text: str) -> None:
        """The line above the table: document state and progress."""
        self.summary.setText(text)

    def _columns_changed(self) -> None:
        """What each annotator said takes the room; the other columns keep a readable fixed width."""
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        count = self.model.columnCount()
        if count <= WHERE:
            return
        widths = {
            KIND: metrics.horizontalAdvance("Event") + 16,
            WHERE: metrics.horizontalAdvance("M" * 10),
            count - 2: metrics.horizontalAdvance("boundaries, label") + 16,  # differences
            count - 1: metrics.horizontalAdvance("✓ annotator · reviewer") + 16,  # decision
        }
        for column in range(count):
            if column in widths:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(column, widths[column])
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # -- selection ---------------------------------------------------------------------------------

    def current_unit(self) -> ReviewUnit | None:
        """The unit of the selected row."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.unit(rows[0].row()) if rows else None

    def show_unit(self, key: str | None) -> None:
        """Select the row of a unit (without emitting unit_chosen)."""
        row = self.model.row_of(key) if key is not None else None
        self._quiet = True
        try:
            if row is None:
                self.view.clearSelection()
                return
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        finally:
            self._quiet = False

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        del deselected
        if self._quiet:
            return
        indexes = selected.indexes()
        if indexes:
            self._chosen(indexes[0])

    def _chosen(self, index: QModelIndex) -> None:
        unit = index.data(UnitRole)
        if unit is not None:
            self.unit_chosen.emit(unit)
