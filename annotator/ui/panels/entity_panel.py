"""The entity panel: the open document's spans as a sortable, filterable table."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.model.spans import Span
from annotator.ui.qtmodels.span_table import ANNOTATOR, LABEL, SortRole, SpanRole, SpanTableModel

Index = QModelIndex | QPersistentModelIndex


class LabelDelegate(QStyledItemDelegate):
    """Edits a span's label in place with a list of the schema's labels."""

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        del option, index
        editor = QComboBox(parent)
        editor.addItems(self._model.label_names())
        # Picking a label from the list is the whole edit, as in a spreadsheet's list cell.
        editor.activated.connect(lambda _row: self._commit(editor))
        return editor

    def _commit(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))
            editor.showPopup()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class SpanFilterProxy(QSortFilterProxyModel):
    """Keeps rows whose text or label contains the filter; ``LABEL:`` filters by exact label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._needle = ""

    def set_needle(self, needle: str) -> None:
        """Filter by this text."""
        self.beginFilterChange()
        self._needle = needle.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        span = model.index(source_row, 0, source_parent).data(SpanRole)
        if span is None:
            return False
        text = str(model.index(source_row, 0, source_parent).data(Qt.ItemDataRole.DisplayRole)).casefold()
        if self._needle.endswith(":"):
            return bool(span.label.casefold() == self._needle[:-1])
        return self._needle in text or self._needle in str(span.label).casefold()


class EntityPanel(QWidget):
    """Shows the spans; emits ``span_chosen`` when a row is picked and ``delete_requested`` on Delete."""

    span_chosen = Signal(object)  # Span

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = SpanFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SortRole)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("entity_filter")
        self.filter.setPlaceholderText("Filter spans (text, label, or LABEL:)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_needle)
        self.view = QTableView(self)
        self.view.setObjectName("entity_view")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setItemDelegateForColumn(LABEL, LabelDelegate(model, self.view))
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.setShowGrid(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setColumnHidden(ANNOTATOR, True)  # one layer is shown; review mode shows others
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.clicked.connect(self._clicked)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("entity_count")
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self.filter.textChanged.connect(self._update_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        layout.addWidget(self.count_label)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{total} spans" if shown == total else f"{shown} of {total} spans")

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        del previous
        span = current.data(SpanRole) if current.isValid() else None
        if span is not None and self.view.hasFocus():
            self.span_chosen.emit(span)

    def _clicked(self, index: QModelIndex) -> None:
        span = index.data(SpanRole)
        if span is not None:
            self.span_chosen.emit(span)

    def selected_spans(self) -> list[Span]:
        """Spans of the selected rows."""
        rows = self.view.selectionModel().selectedRows()
        return [index.data(SpanRole) for index in rows if index.data(SpanRole) is not None]

    def show_span(self, span: Span | None) -> None:
        """Select the row of a span (the one current in the text), without emitting span_chosen."""
        if span is None or not self.model.contains(span.id):
            self.view.clearSelection()
            return
        source = self.model.index(self.model.row_of(span.id), 0)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.view.selectRow(index.row())
            self.view.scrollTo(index)
