"""The label palette: one coloured button per entity label, showing its hotkey."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QToolButton, QWidget

from annotator.model.schema import Schema
from annotator.ui import colors


class LabelPalette(QToolBar):
    """A toolbar of label buttons that trigger the same actions as the hotkeys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Labels", parent)
        self.setObjectName("label_palette")
        self.setMovable(True)
        self.setIconSize(QSize(12, 12))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def set_labels(self, schema: Schema, actions: list[QAction]) -> None:
        """Show one button per label action, coloured as its label."""
        self.clear()
        dark = colors.is_dark()
        for action in actions:
            entity = schema.entity_type(str(action.data()))
            button = QToolButton(self)
            button.setDefaultAction(action)
            hotkey = entity.hotkey.upper() if entity and entity.hotkey else ""
            button.setText(f"{action.data()}  {hotkey}".strip())
            button.setObjectName(f"palette.{action.data()}")
            color = colors.label_color(entity)
            fill = colors.base_color(entity)
            text = "#f0f0f0" if dark else "#111111"
            button.setStyleSheet(
                "QToolButton {"
                f" background: rgba({fill.red()},{fill.green()},{fill.blue()},{fill.alpha()});"
                f" border: 1px solid {color.name()}; border-bottom: 3px solid {color.name()};"
                f" border-radius: 4px; padding: 3px 8px; margin: 2px; color: {text}; font-weight: 600; }}"
                f"QToolButton:hover {{ background: {color.name()}; color: {colors.text_on(color).name()}; }}"
            )
            button.setToolTip(
                f"Tag the selection as {action.data()}"
                + (f" ({entity.description})" if entity and entity.description else "")
                + (f" — key {hotkey}" if hotkey else "")
            )
            self.addWidget(button)
