"""The entity panel's table: one row per span of the shown document layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.model.schema import Schema
from annotator.model.spans import Span, SpanList
from annotator.ui import colors

SpanRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

COLUMNS = ("Text", "Label", "Start", "End", "Annotator")
TEXT, LABEL, START, END, ANNOTATOR = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex
Relabel = Callable[[Span, str], None]


class SpanTableModel(QAbstractTableModel):
    """Adapts a SpanList: its callbacks become row inserts, removals and data changes."""

    def __init__(self, relabel: Relabel, parent: Any = None) -> None:
        super().__init__(parent)
        self._spans = SpanList()
        self._text = ""
        self._schema: Schema | None = None
        self._relabel = relabel
        self._spans.subscribe(self._on_change)

    def set_content(self, text: str, spans: SpanList, schema: Schema) -> None:
        """Show another document layer."""
        self.beginResetModel()
        self._spans.unsubscribe(self._on_change)
        self._spans, self._text, self._schema = spans, text, schema
        spans.subscribe(self._on_change)
        self.endResetModel()

    def set_schema(self, schema: Schema) -> None:
        """Use another schema's label colours."""
        self._schema = schema
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def _on_change(self, event: str, row: int, span: Span | None) -> None:
        del span
        if event == "inserting":
            self.beginInsertRows(QModelIndex(), row, row)
        elif event == "inserted":
            self.endInsertRows()
        elif event == "removing":
            self.beginRemoveRows(QModelIndex(), row, row)
        elif event == "removed":
            self.endRemoveRows()
        elif event == "changed":
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        elif event == "resetting":
            self.beginResetModel()
        elif event == "reset":
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def span_at(self, row: int) -> Span:
        """The span shown in a row."""
        return self._spans[row]

    def contains(self, span_id: int) -> bool:
        """Whether a span is shown."""
        return span_id in self._spans

    def row_of(self, span_id: int) -> int:
        """The row showing a span."""
        return self._spans.row_of(span_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == TEXT:
                text = span.text_in(self._text)
                return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text
            return (span.text_in(self._text), span.label, span.start, span.end, span.annotator)[column]
        if role == SortRole:
            return (span.text_in(self._text).casefold(), span.label, span.start, span.end, span.annotator)[
                column
            ]
        if role == SpanRole:
            return span
        if role == Qt.ItemDataRole.DecorationRole and column == LABEL:
            entity = self._schema.entity_type(span.label) if self._schema else None
            return colors.base_color(entity)
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            return f"{span.label} {span.start}-{span.end}, by {span.annotator}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (START, END):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == LABEL:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != LABEL:
            return False
        label = str(value)
        span = self._spans[index.row()]
        if label == span.label or self._schema is None or self._schema.entity_type(label) is None:
            return False
        self._relabel(span, label)  # pushes an undoable command; the list tells us when it changed
        return True

    def label_names(self) -> list[str]:
        """Labels the label editor offers."""
        return self._schema.label_names if self._schema else []
