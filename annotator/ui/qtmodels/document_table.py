"""The document list's table: title, status, review status and entity count, filtered in Python.

The filter scans precomputed casefolded titles and statuses and resets the model once; a
QSortFilterProxyModel asking ``data()`` for every row and column took over a second per keystroke on
100,000 documents.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.model.document import REVIEW_TITLES, STATUS_TITLES, DocumentSummary
from annotator.ui.qtmodels import horizontal_header

DocIdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Status", "Review", "Entities")
TITLE, STATUS, REVIEW, ENTITIES = range(len(COLUMNS))
STATUS_COLORS = {"new": "#9e9e9e", "in_progress": "#e69f00", "done": "#009e73"}
REVIEW_COLORS = {"unreviewed": "#9e9e9e", "in_review": "#0072b2", "adjudicated": "#009e73"}

Index = QModelIndex | QPersistentModelIndex


class DocumentTableModel(QAbstractTableModel):
    """Rows of DocumentSummary; counts and statuses change in place as the annotator works."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[DocumentSummary] = []
        self._position: dict[int, int] = {}  # doc id -> index in _all
        self._haystack: list[str] = []
        self._needle = ""
        self._review: str | None = None  # show only documents in this review state
        self.reviewed = False  # whether any document is in review or adjudicated
        self._rows: list[int] = []  # indexes into _all of the rows shown
        self._row_of: dict[int, int] = {}  # doc id -> shown row

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        """Show another project's documents."""
        self.beginResetModel()
        self._all = list(rows)
        self._position = {r.id: i for i, r in enumerate(self._all)}
        self._haystack = [self._searchable(r) for r in self._all]
        self.reviewed = any(r.review != "unreviewed" for r in self._all)
        self._apply_filter()
        self.endResetModel()

    @staticmethod
    def _searchable(row: DocumentSummary) -> str:
        return f"{row.title}\t{STATUS_TITLES.get(row.status, row.status)}".casefold()

    def set_filter(self, needle: str) -> None:
        """Show only documents whose title or status contains ``needle`` (any case)."""
        needle = needle.strip().casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._apply_filter()
        self.endResetModel()

    def set_review_filter(self, state: str | None) -> None:
        """Show only documents in one review state (None: every document)."""
        if state == self._review:
            return
        self.beginResetModel()
        self._review = state
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        needle = self._needle
        if needle:
            self._rows = [i for i, text in enumerate(self._haystack) if needle in text]
        else:
            self._rows = list(range(len(self._all)))
        if self._review is not None:
            self._rows = [i for i in self._rows if self._all[i].review == self._review]
        self._row_of = {self._all[i].id: row for row, i in enumerate(self._rows)}

    @property
    def total(self) -> int:
        """How many documents the project has, shown or not."""
        return len(self._all)

    def row_of(self, doc_id: int) -> int | None:
        """The shown row of a document (None when filtered out)."""
        return self._row_of.get(doc_id)

    def doc_id(self, row: int) -> int:
        """The document shown in a row."""
        return self._all[self._rows[row]].id

    def summary(self, doc_id: int) -> DocumentSummary | None:
        """What the list knows of a document, shown or not."""
        position = self._position.get(doc_id)
        return None if position is None else self._all[position]

    def update(
        self,
        doc_id: int,
        *,
        status: str | None = None,
        entity_count: int | None = None,
        review: str | None = None,
    ) -> None:
        """Change one document's status, count or review status (the row stays until the filter changes)."""
        position = self._position.get(doc_id)
        if position is None:
            return
        old = self._all[position]
        new = replace(
            old,
            status=old.status if status is None else status,
            entity_count=old.entity_count if entity_count is None else entity_count,
            review=old.review if review is None else review,
        )
        if new == old:
            return
        self.reviewed = self.reviewed or new.review != "unreviewed"
        self._all[position] = new
        self._haystack[position] = self._searchable(new)
        row = self._row_of.get(doc_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, STATUS), self.index(row, ENTITIES))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return horizontal_header(COLUMNS, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        doc = self._all[self._rows[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                doc.title,
                STATUS_TITLES.get(doc.status, doc.status),
                REVIEW_TITLES.get(doc.review, doc.review),
                doc.entity_count,
            )[column]
        if role == DocIdRole:
            return doc.id
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return QColor(STATUS_COLORS.get(doc.status, "#9e9e9e"))
        if role == Qt.ItemDataRole.DecorationRole and column == REVIEW:
            return QColor(REVIEW_COLORS.get(doc.review, "#9e9e9e"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ENTITIES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
