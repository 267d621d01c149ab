"""The gold layer's undo stack in review mode, and keeping a shown span or event list equal to the file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from annotator.model.spans import IntervalList
from annotator.ui.commands import ReviewStep


class ReviewStack(QUndoStack):
    """A gold layer's undo stack: a hand edit is pushed together with the decisions it makes.

    The edit is already written when it is pushed (as every command of the window); ``settle`` then
    records the touched ranges as 'edit' decisions and returns that step (or None), and both become one
    undoable step. Inside a macro this happens once, at its end.
    """

    def __init__(self, group: QUndoGroup, settle: Callable[[], QUndoCommand | None]) -> None:
        super().__init__(group)
        self._settle = settle
        self._depth = 0

    def push(self, cmd: QUndoCommand) -> None:
        if self._depth or isinstance(cmd, ReviewStep):
            super().push(cmd)
            return
        step = self._settle()
        if step is None:
            super().push(cmd)
            return
        super().beginMacro(cmd.text())
        super().push(cmd)
        super().push(step)
        super().endMacro()

    def beginMacro(self, text: str) -> None:
        self._depth += 1
        super().beginMacro(text)

    def endMacro(self) -> None:
        if self._depth == 1:
            step = self._settle()
            if step is not None:
                super().push(step)
        self._depth = max(0, self._depth - 1)
        super().endMacro()


def sync_list(items: IntervalList[Any], fresh: list[Any]) -> None:
    """Make a span or event list equal to ``fresh`` with single removals, inserts and replacements."""
    wanted = {item.id: item for item in fresh}
    for item in list(items):
        if item.id not in wanted:
            items.remove(item.id)
    for item in fresh:
        old = items.get(item.id)
        if old is None:
            items.insert(item)
        elif old != item:
            items.replace(item)
