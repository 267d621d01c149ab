"""The document list's table: title, status and entity count of every document."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.model.document import STATUS_TITLES, DocumentSummary

DocIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Title", "Status", "Entities")
TITLE, STATUS, ENTITIES = range(len(COLUMNS))
STATUS_COLORS = {"new": "#9e9e9e", "in_progress": "#e69f00", "done": "#009e73"}

Index = QModelIndex | QPersistentModelIndex


class DocumentTableModel(QAbstractTableModel):
    """Rows of DocumentSummary; counts and statuses change in place as the annotator works."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        """Show another project's documents."""
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def row_of(self, doc_id: int) -> int | None:
        """The row of a document."""
        return self._row_of.get(doc_id)

    def doc_id(self, row: int) -> int:
        """The document shown in a row."""
        return self._rows[row].id

    def summary(self, doc_id: int) -> DocumentSummary | None:
        """What the list knows of a document."""
        row = self._row_of.get(doc_id)
        return None if row is None else self._rows[row]

    def update(self, doc_id: int, *, status: str | None = None, entity_count: int | None = None) -> None:
        """Change one document's status or count."""
        row = self._row_of.get(doc_id)
        if row is None:
            return
        old = self._rows[row]
        self._rows[row] = DocumentSummary(
            old.id,
            old.title,
            old.status if status is None else status,
            old.entity_count if entity_count is None else entity_count,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        doc = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (doc.title, STATUS_TITLES.get(doc.status, doc.status), doc.entity_count)[column]
        if role == SortRole:
            return (doc.title.casefold(), doc.status, doc.entity_count)[column]
        if role == DocIdRole:
            return doc.id
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return QColor(STATUS_COLORS.get(doc.status, "#9e9e9e"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ENTITIES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
