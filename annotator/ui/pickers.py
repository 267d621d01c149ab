"""Keyboard-first pickers: the event type picker and the role-filler picker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget


def rank_event_type(name: str, query: str) -> int | None:
    """How well an event type name matches what was typed (lower is better; None: no match).

    "arr" ranks Justice:Arrest-Jail first: a subtype that starts with the query beats a type that
    starts with it, which beats a word start anywhere, which beats a substring.
    """
    q = query.strip().casefold()
    if not q:
        return 0
    full = name.casefold()
    kind, _, subtype = full.partition(":")
    words = [w for w in full.replace(":", " ").replace("-", " ").split() if w]
    if subtype.startswith(q):
        return 1
    if kind.startswith(q) or full.startswith(q):
        return 2
    if any(w.startswith(q) for w in words):
        return 3
    if q in full:
        return 4
    # Initials: "ta" for Transaction:Transfer-Money? Accept letters in order as the weakest match.
    it = iter(full)
    return 5 if all(ch in it for ch in q) else None


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: what is shown, what it returns, and an optional note (a warning)."""

    text: str
    value: object
    note: str = ""
    warn: bool = False


class Picker(QDialog):
    """A search box over a list: type to filter, arrows to move, Enter to choose, Escape to cancel."""

    def __init__(
        self,
        title: str,
        prompt: str,
        choices: Sequence[Choice],
        parent: QWidget | None = None,
        ranked: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("picker")
        self.resize(420, 420)
        self._choices = list(choices)
        self._ranked = ranked
        self.chosen: object | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText("Type to search; ↑↓ to move; Enter to choose")
        self.list = QListView(self)
        self.list.setObjectName("picker_list")
        self.list.setUniformItemSizes(True)
        self.model = QStandardItemModel(self)
        self.list.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._refill)
        self.search.installEventFilter(self)
        self.list.activated.connect(lambda index: self._accept_row(index.row()))
        self._refill("")
        self.search.setFocus()

    def _refill(self, query: str) -> None:
        self.model.clear()
        scored: list[tuple[int, int, Choice]] = []
        for position, choice in enumerate(self._choices):
            if self._ranked:
                rank = rank_event_type(choice.text, query)
            else:
                rank = 0 if query.casefold() in (choice.text + " " + choice.note).casefold() else None
            if rank is not None:
                scored.append((rank, position, choice))
        for _rank, _position, choice in sorted(scored, key=lambda t: (t[0], t[1])):
            text = f"{choice.text}   {choice.note}" if choice.note else choice.text
            item = QStandardItem(("⚠ " if choice.warn else "") + text)
            item.setData(choice.value, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            if choice.warn:
                item.setForeground(Qt.GlobalColor.darkYellow)
            self.model.appendRow(item)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                row = self.list.currentIndex().row()
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}[
                    Qt.Key(key)
                ]
                row = max(0, min(self.model.rowCount() - 1, row + step))
                self.list.setCurrentIndex(self.model.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._accept_row(self.list.currentIndex().row())
                return True
        return super().eventFilter(watched, event)

    def _accept_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.chosen = self.model.item(row).data(Qt.ItemDataRole.UserRole)
            self.accept()

    def current_values(self) -> list[object]:
        """The values listed now, in order (for tests)."""
        return [self.model.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.model.rowCount())]
