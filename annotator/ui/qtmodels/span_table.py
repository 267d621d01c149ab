"""The entity panel's table: the shown document layer's spans, filtered and sorted here in Python lists.

The model keeps its own row order (sorted keys plus bisect) instead of sitting behind a
QSortFilterProxyModel: a proxy asks ``data()`` once per row and comparison through Python, which made
opening a 20,000-span article take a second; here a span insert, removal or relabel touches one row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.model.schema import Schema
from annotator.model.spans import Span, SpanList
from annotator.ui import colors
from annotator.ui.qtmodels import horizontal_header

SpanRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Text", "Label", "Start", "End", "Annotator")
TEXT, LABEL, START, END, ANNOTATOR = range(len(COLUMNS))

Index = QModelIndex | QPersistentModelIndex
Relabel = Callable[[Span, str], None]
Key = tuple[Any, ...]


class SpanTableModel(QAbstractTableModel):
    """Adapts a SpanList: its callbacks become single-row inserts, removals and data changes."""

    def __init__(self, relabel: Relabel, parent: Any = None) -> None:
        super().__init__(parent)
        self._spans = SpanList()
        self._text = ""
        self._schema: Schema | None = None
        self._relabel = relabel
        self._needle = ""
        self._column = START
        self._descending = False
        self._rows: list[Span] = []  # ascending by key; the view sees them reversed when descending
        self._keys: list[Key] = []
        self._by_id: dict[int, Span] = {}
        self._spans.subscribe(self._on_change)

    # -- content, order and filter -----------------------------------------------------------------

    def set_content(self, text: str, spans: SpanList, schema: Schema) -> None:
        """Show another document layer."""
        self.beginResetModel()
        self._spans.unsubscribe(self._on_change)
        self._spans, self._text, self._schema = spans, text, schema
        spans.subscribe(self._on_change)
        self._rebuild()
        self.endResetModel()

    def showing(self, spans: SpanList) -> bool:
        """Whether the model shows this span list (the window fills it after a first frame)."""
        return self._spans is spans

    def set_schema(self, schema: Schema) -> None:
        """Use another schema's label colours."""
        self._schema = schema
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def set_filter(self, needle: str) -> None:
        """Show only spans whose text or label contains ``needle``; ``LABEL:`` keeps one label."""
        needle = needle.strip().casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._rebuild()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            column = START
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._at(index.row()).id if index.isValid() else None for index in persistent]
        self._column, self._descending = column, order == Qt.SortOrder.DescendingOrder
        self._rebuild()
        rows = {span.id: self._view_row(i) for i, span in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [
                self.index(rows[i], p.column()) if i in rows else QModelIndex()
                for i, p in zip(ids, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _key(self, span: Span) -> Key:
        column = self._column
        if column == TEXT:
            return (span.text_in(self._text).casefold(), *span.sort_key)
        if column == LABEL:
            return (span.label, *span.sort_key)
        if column == END:
            return (span.end, span.start, span.id)
        if column == ANNOTATOR:
            return (span.annotator, *span.sort_key)
        return span.sort_key

    def _accepts(self, span: Span) -> bool:
        needle = self._needle
        if not needle:
            return True
        if needle.endswith(":"):
            return span.label.casefold() == needle[:-1]
        return needle in span.label.casefold() or needle in span.text_in(self._text).casefold()

    def _rebuild(self) -> None:
        if not self._needle and self._column == START:
            # The span list is already in reading order, which is START order: reuse its keys.
            self._rows, self._keys = list(self._spans), self._spans.sort_keys()
        else:
            spans = [s for s in self._spans if self._accepts(s)] if self._needle else list(self._spans)
            pairs = sorted((self._key(s), s) for s in spans)
            self._keys = [key for key, _ in pairs]
            self._rows = [span for _, span in pairs]
        self._by_id = {s.id: s for s in self._rows}

    def _view_row(self, i: int) -> int:
        return len(self._rows) - 1 - i if self._descending else i

    def _at(self, row: int) -> Span:
        return self._rows[self._view_row(row)]

    # -- following the span list -------------------------------------------------------------------

    def _on_change(self, event: str, row: int, span: Span | None) -> None:
        del row
        if event == "inserted" and span is not None:
            self._insert(span)
        elif event == "removed" and span is not None:
            self._remove(span.id)
        elif event == "changed" and span is not None:
            old = self._by_id.get(span.id)
            if old is not None and self._key(old) == self._key(span) and self._accepts(span):
                i = bisect_left(self._keys, self._key(old))
                self._rows[i] = span
                self._by_id[span.id] = span
                view_row = self._view_row(i)
                self.dataChanged.emit(self.index(view_row, 0), self.index(view_row, len(COLUMNS) - 1))
            else:
                self._remove(span.id)
                self._insert(span)
        elif event == "resetting":
            self.beginResetModel()
        elif event == "reset":
            self._rebuild()
            self.endResetModel()

    def _insert(self, span: Span) -> None:
        if not self._accepts(span):
            return
        key = self._key(span)
        i = bisect_left(self._keys, key)
        view_row = self._view_row(i) + (1 if self._descending else 0)
        self.beginInsertRows(QModelIndex(), view_row, view_row)
        self._rows.insert(i, span)
        self._keys.insert(i, key)
        self._by_id[span.id] = span
        self.endInsertRows()

    def _remove(self, span_id: int) -> None:
        old = self._by_id.get(span_id)
        if old is None:
            return
        i = bisect_left(self._keys, self._key(old))
        view_row = self._view_row(i)
        self.beginRemoveRows(QModelIndex(), view_row, view_row)
        del self._rows[i]
        del self._keys[i]
        del self._by_id[span_id]
        self.endRemoveRows()

    # -- Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return horizontal_header(COLUMNS, section, orientation, role)

    def span_at(self, row: int) -> Span:
        """The span shown in a row."""
        return self._at(row)

    def contains(self, span_id: int) -> bool:
        """Whether a span is shown."""
        return span_id in self._by_id

    def row_of(self, span_id: int) -> int:
        """The row showing a span; KeyError if it is not shown."""
        return self._view_row(bisect_left(self._keys, self._key(self._by_id[span_id])))

    @property
    def total(self) -> int:
        """How many spans the layer has, shown or not."""
        return len(self._spans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        span = self._at(index.row())
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == TEXT:
                text = span.text_in(self._text)
                return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text
            return (None, span.label, span.start, span.end, span.annotator)[column]
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
        span = self._at(index.row())
        if label == span.label or self._schema is None or self._schema.entity_type(label) is None:
            return False
        self._relabel(span, label)  # pushes an undoable command; the list tells us when it changed
        return True

    def label_names(self) -> list[str]:
        """Labels the label editor offers."""
        return self._schema.label_names if self._schema else []
