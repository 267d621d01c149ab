"""The document list: filterable table of titles, statuses, review statuses and entity counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model.document import REVIEW_STATES, REVIEW_TITLES
from annotator.ui.qtmodels.document_table import (
    ENTITIES,
    REVIEW,
    STATUS,
    TITLE,
    DocIdRole,
    DocumentTableModel,
)


class DocumentPanel(QWidget):
    """Lists the project's documents; emits ``document_chosen(doc_id)`` when the annotator picks one."""

    document_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel(self)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("document_filter")
        self.filter.setPlaceholderText("Filter documents (title or status)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.review_filter = QComboBox(self)
        self.review_filter.setObjectName("document_review_filter")
        self.review_filter.setToolTip("Show documents in one review state only")
        self.review_filter.addItem("Any review", None)
        for state in REVIEW_STATES:
            self.review_filter.addItem(REVIEW_TITLES[state], state)
        self.review_filter.currentIndexChanged.connect(self._review_filter_changed)
        self.view = QTableView(self)
        self.view.setObjectName("document_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        # Fixed widths: sizing to contents measures every one of 100,000 rows on each change.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        header.resizeSection(STATUS, metrics.horizontalAdvance("In progress") + 40)
        header.resizeSection(REVIEW, metrics.horizontalAdvance("Adjudicated") + 40)
        header.resizeSection(ENTITIES, metrics.horizontalAdvance("Entities") + 16)
        self.view.activated.connect(self._chosen)
        self.view.clicked.connect(self._chosen)
        self._current: int | None = None
        self._review_forced = False
        self.model.modelReset.connect(self._update_review_column)
        self.model.dataChanged.connect(self._update_review_column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.review_filter)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self._update_review_column()

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        if self._current is not None:
            self.show_current(self._current)

    def show_review_column(self, on: bool) -> None:
        """Show the Review column and filter (review mode does; so does any document with a review)."""
        self._review_forced = on
        self._update_review_column()

    def _update_review_column(self) -> None:
        shown = self._review_forced or self.model.reviewed or self.review_filter.currentIndex() > 0
        self.view.setColumnHidden(REVIEW, not shown)
        self.review_filter.setVisible(shown)
        # With the review column the fixed columns alone fill a default-width dock and the titles shrink
        # to "…": keep room for about 18 characters of title, which widens the dock when it is narrower.
        minimum = 0
        if shown:
            header = self.view.horizontalHeader()
            fixed = sum(header.sectionSize(column) for column in (STATUS, REVIEW, ENTITIES))
            title = self.view.fontMetrics().averageCharWidth() * 18
            scroll = self.view.verticalScrollBar().sizeHint().width()
            minimum = fixed + title + scroll + 2 * self.view.frameWidth()
        self.view.setMinimumWidth(minimum)

    def _review_filter_changed(self, _index: int) -> None:
        state = self.review_filter.currentData()
        self.model.set_review_filter(str(state) if state else None)
        if self._current is not None:
            self.show_current(self._current)

    def _chosen(self, index: QModelIndex) -> None:
        doc_id = index.data(DocIdRole)
        if doc_id is not None:
            self.document_chosen.emit(int(doc_id))

    def show_current(self, doc_id: int) -> None:
        """Select the row of the open document (without emitting document_chosen)."""
        self._current = doc_id
        row = self.model.row_of(doc_id)
        if row is None:
            self.view.clearSelection()
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))

    def neighbour(self, doc_id: int, step: int) -> int | None:
        """The document ``step`` rows away in the list as filtered, or None at either end."""
        current = self.model.row_of(doc_id)
        count = self.model.rowCount()
        target = (0 if step > 0 else count - 1) if current is None else current + step
        if not 0 <= target < count:
            return None
        return self.model.doc_id(target)
