"""Help > Keyboard Shortcuts: every action with its keys, searchable."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class ShortcutsDialog(QDialog):
    """A filterable table of actions and shortcuts."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(560, 520)
        model = QStandardItemModel(0, 2, self)
        model.setHorizontalHeaderLabels(["Action", "Shortcut"])
        seen = set()
        for action in actions:
            name = action.text().replace("&", "").rstrip("…")
            keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            if not name or not keys or name in seen:
                continue
            seen.add(name)
            model.appendRow([QStandardItem(name), QStandardItem(keys)])
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setFilterKeyColumn(-1)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        proxy.sort(0)
        search = QLineEdit(self)
        search.setPlaceholderText("Search actions or keys")
        search.textChanged.connect(proxy.setFilterFixedString)
        table = QTableView(self)
        table.setModel(proxy)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(search)
        layout.addWidget(table)
        layout.addWidget(buttons)
