"""Label colours for the current palette: light tints on light themes, deeper ones on dark themes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from annotator.model.schema import EntityType


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background is dark."""
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def base_color(entity_type: EntityType | None, palette: QPalette | None = None) -> QColor:
    """The schema's colour of a label for this theme: a tint that the theme's text reads well on."""
    if entity_type is None:
        return QColor("#bdbdbd") if not is_dark(palette) else QColor("#505050")
    return QColor(entity_type.dark_color if is_dark(palette) else entity_type.color)


def label_color(entity_type: EntityType | None, palette: QPalette | None = None) -> QColor:
    """The strong colour of a label, for underlines, outlines and swatches."""
    color = base_color(entity_type, palette)
    return color.lighter(150) if is_dark(palette) else color.darker(165)


def fill_color(entity_type: EntityType | None, palette: QPalette | None = None) -> QColor:
    """The fill behind a span's text; slightly translucent so nested spans darken where they overlap."""
    color = base_color(entity_type, palette)
    color.setAlphaF(0.80)
    return color


def text_on(color: QColor) -> QColor:
    """Black or white, whichever reads better on a solid ``color``."""
    r, g, b = color.redF(), color.greenF(), color.blueF()
    return QColor("#000000") if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else QColor("#ffffff")


def trigger_color(palette: QPalette | None = None) -> QColor:
    """Event triggers are outlined in one colour no entity label uses."""
    return QColor("#c77dff") if is_dark(palette) else QColor("#7b2cbf")


def trigger_fill(palette: QPalette | None = None) -> QColor:
    """The fill behind the selected event's trigger."""
    color = trigger_color(palette)
    color.setAlphaF(0.22)
    return color
