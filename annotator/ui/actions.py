"""Every QAction of the main window, built once, named for tests and shortcut overrides."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.model.schema import Schema
from annotator.ui import settings

Shortcut = QKeySequence.StandardKey | str


def make_action(
    parent: QWidget,
    name: str,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Sequence[Shortcut] = (),
    *,
    tip: str = "",
    checkable: bool = False,
) -> QAction:
    """One action with an objectName, its default shortcuts (or the user's override) and a status tip."""
    action = QAction(text, parent)
    action.setObjectName(name)
    keys: list[QKeySequence] = []
    for shortcut in shortcuts:
        if isinstance(shortcut, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(shortcut))
        else:
            keys.append(QKeySequence(shortcut))
    override = settings.shortcut_overrides().get(name)
    if override is not None:
        keys = [QKeySequence(override)] if override else []
    action.setShortcuts(keys)
    action.setCheckable(checkable)
    if tip:
        action.setStatusTip(tip)
    if slot is not None:
        action.triggered.connect(lambda checked=False: slot())
    parent.addAction(action)
    return action


def label_actions(parent: QWidget, schema: Schema, tag: Callable[[str], None]) -> list[QAction]:
    """One action per entity label, triggered by its one-key hotkey."""
    actions = []

    def tagger(name: str) -> Callable[[], None]:
        return lambda: tag(name)

    for entity in schema.entity_types:
        action = make_action(
            parent,
            f"label.{entity.name}",
            f"Tag as {entity.name}" + (f" ({entity.description})" if entity.description else ""),
            tagger(entity.name),
            [entity.hotkey.upper()] if entity.hotkey else [],
            tip=f"Tag the selection (or relabel the selected span) as {entity.name}",
        )
        action.setData(entity.name)
        actions.append(action)
    return actions
