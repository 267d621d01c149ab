"""The entity panel: the open document's spans as a sortable, filterable table."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
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
from annotator.ui.qtmodels.span_table import ANNOTATOR, END, LABEL, START, TEXT, SpanRole, SpanTableModel

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


class EntityPanel(QWidget):
    """Shows the spans; emits ``span_chosen`` when a row is picked and ``delete_requested`` on Delete."""

    span_chosen = Signal(object)  # Span

    def __init__(self, model: SpanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.filter = QLineEdit(self)
        self.filter.setObjectName("entity_filter")
        self.filter.setPlaceholderText("Filter spans (text, label, or LABEL:)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(model.set_filter)
        self.view = QTableView(self)
        self.view.setObjectName("entity_view")
        self.view.setModel(model)
        # Reading order is START ascending, which the model already holds: no sort on opening.
        self.view.horizontalHeader().setSortIndicator(START, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
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
        # Fixed widths: sizing columns to their contents measures every row on each change.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        for column, sample in (
            (LABEL, "VALUE   "),
            (START, "0000000"),
            (END, "0000000"),
            (ANNOTATOR, "annotator"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 28)
        self.view.setColumnHidden(ANNOTATOR, True)  # one layer is shown; review mode shows others
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.clicked.connect(self._clicked)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("entity_count")
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_count)
        self.filter.textChanged.connect(self._update_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        layout.addWidget(self.count_label)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
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
        index = self.model.index(self.model.row_of(span.id), 0)
        if index.isValid():
            self.view.selectRow(index.row())
            self.view.scrollTo(index)
