"""Charts painted with QPainter (QtCharts is not part of PySide6-Essentials): a heatmap and grouped bars.

Both take plain numbers in 0..1 (None for a figure that is undefined, drawn as "n/a") and print every
value, so a reader never has to decode a colour. Colours run along viridis, which reads the same to
colour-blind eyes and in greyscale.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QLinearGradient, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from annotator.ui.colors import text_on

# Five stops of matplotlib's viridis, from low to high.
_VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
NA_COLOR = QColor("#d0d0d0")
Value = float | None


def scale_color(value: float, low: float = 0.0, high: float = 1.0) -> QColor:
    """The colour of ``value`` on the scale from ``low`` to ``high`` (clamped at both ends)."""
    share = 1.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    position = share * (len(_VIRIDIS) - 1)
    index = min(int(position), len(_VIRIDIS) - 2)
    frac = position - index
    a, b = QColor(_VIRIDIS[index]), QColor(_VIRIDIS[index + 1])
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * frac,
        a.greenF() + (b.greenF() - a.greenF()) * frac,
        a.blueF() + (b.blueF() - a.blueF()) * frac,
    )


def mute(widget: QWidget) -> None:
    """Draw a widget's text in the palette's secondary (placeholder) colour: quieter, still readable."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    widget.setPalette(palette)


def format_value(value: Value, digits: int = 2) -> str:
    """``0.87``, or ``n/a`` for an undefined figure."""
    return "n/a" if value is None else f"{value:.{digits}f}"


class HeatmapChart(QWidget):
    """A square matrix of figures, one cell per pair of names, coloured by value and printed in the cell.

    The diagonal (a name against itself) is drawn blank: agreement with oneself says nothing.
    """

    CELL_MIN = 56
    LEGEND_WIDTH = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._values: list[list[Value]] = []
        self._low, self._high = 0.0, 1.0
        self._title = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        names: Sequence[str],
        values: Sequence[Sequence[Value]],
        *,
        low: float = 0.0,
        high: float = 1.0,
        title: str = "",
    ) -> None:
        """Show ``values[row][column]`` for every pair of ``names``; ``low``..``high`` spans the colours."""
        if len(values) != len(names) or any(len(row) != len(names) for row in values):
            raise ValueError("a heatmap needs one row and one column per name")
        self._names = list(names)
        self._values = [list(row) for row in values]
        self._low, self._high, self._title = low, high, title
        self.updateGeometry()
        self.update()

    def names(self) -> list[str]:
        return list(self._names)

    def value(self, row: int, column: int) -> Value:
        return self._values[row][column]

    def cell_color(self, row: int, column: int) -> QColor:
        """The fill of a cell: the scale colour, grey for n/a, the window colour on the diagonal."""
        if row == column:
            return self.palette().color(QPalette.ColorRole.Window)
        value = self._values[row][column]
        return NA_COLOR if value is None else scale_color(value, self._low, self._high)

    # -- geometry ----------------------------------------------------------------------------------

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return min(180, max((metrics.horizontalAdvance(n) for n in self._names), default=0) + 12)

    def _grid(self) -> tuple[int, int, int]:
        """The left and top of the grid and the side of a cell."""
        metrics = QFontMetrics(self.font())
        left = self._label_width()
        top = metrics.height() * 2 + 10
        legend = self.LEGEND_WIDTH + metrics.horizontalAdvance("-0.00") + 24
        count = max(1, len(self._names))
        side = max(24, min((self.width() - left - legend - 8) // count, (self.height() - top - 8) // count))
        spare = self.width() - left - legend - 8 - side * count
        return left + max(0, spare // 2), top, side  # centred in the width it has

    def cell_rect(self, row: int, column: int) -> QRect:
        """Where a cell is painted, in widget coordinates."""
        left, top, side = self._grid()
        return QRect(left + column * side, top + row * side, side, side)

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """The (row, column) under a point, or None."""
        for row in range(len(self._names)):
            for column in range(len(self._names)):
                if self.cell_rect(row, column).contains(pos):
                    return row, column
        return None

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        count = max(2, len(self._names))
        width = self._label_width() + count * 80 + self.LEGEND_WIDTH + metrics.horizontalAdvance("-0.00") + 40
        return QSize(width, metrics.height() * 2 + 18 + count * 80)

    def minimumSizeHint(self) -> QSize:
        count = max(2, len(self._names))
        return QSize(self._label_width() + count * self.CELL_MIN + 70, 60 + count * self.CELL_MIN)

    # -- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = QFontMetrics(self.font())
        left, top, side = self._grid()
        count = len(self._names)
        if self._title:
            painter.setPen(text)
            painter.drawText(
                QRect(0, 0, self.width(), metrics.height() + 4), Qt.AlignmentFlag.AlignLeft, self._title
            )
        for index, name in enumerate(self._names):
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, self._label_width() - 8)
            painter.setPen(text)
            painter.drawText(
                QRect(0, top + index * side, left - 8, side),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            column_name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, side - 4)
            painter.drawText(
                QRect(left + index * side, top - metrics.height() - 4, side, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                column_name,
            )
        grid_line = palette.color(QPalette.ColorRole.Window)
        for row in range(count):
            for column in range(count):
                rect = self.cell_rect(row, column)
                color = self.cell_color(row, column)
                painter.fillRect(rect, color)
                painter.setPen(grid_line)
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
                if row == column:
                    painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "—")
                    continue
                painter.setPen(text_on(color))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_value(self._values[row][column]))
        if count:
            self._paint_legend(painter, left + count * side + 16, top, side * count, metrics, text)
        painter.end()

    def _paint_legend(
        self, painter: QPainter, x: int, top: int, height: int, metrics: QFontMetrics, text: QColor
    ) -> None:
        bar = QRectF(x, top, self.LEGEND_WIDTH, height)
        gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        for index, stop in enumerate(_VIRIDIS):
            gradient.setColorAt(index / (len(_VIRIDIS) - 1), QColor(stop))
        painter.fillRect(bar, gradient)
        painter.setPen(text)
        label_x = x + self.LEGEND_WIDTH + 4
        painter.drawText(QPoint(label_x, top + metrics.ascent()), format_value(self._high))
        painter.drawText(QPoint(label_x, top + height), format_value(self._low))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(event.pos())
            if cell is not None and cell[0] != cell[1]:
                row, column = cell
                value = format_value(self._values[row][column], 3)
                QToolTip.showText(
                    event.globalPos(), f"{self._names[row]} × {self._names[column]}: {value}", self
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class BarChart(QWidget):
    """Horizontal bars grouped by category: one bar per series, the value printed at its end."""

    BAR = 14
    GAP = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[str] = []
        self._series: list[str] = []
        self._values: list[list[Value]] = []
        self._notes: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[str],
        values: Sequence[Sequence[Value]],
        notes: Sequence[str] = (),
    ) -> None:
        """Show ``values[category][series]`` (0..1); ``notes`` are printed under each category's name."""
        if len(values) != len(categories) or any(len(row) != len(series) for row in values):
            raise ValueError("a bar chart needs one value per category and series")
        self._categories = list(categories)
        self._series = list(series)
        self._values = [list(row) for row in values]
        self._notes = list(notes) if notes else [""] * len(categories)
        self.updateGeometry()
        self.update()

    def categories(self) -> list[str]:
        return list(self._categories)

    def series_color(self, index: int) -> QColor:
        """Two well-separated viridis colours for the first two series, then the rest of the scale."""
        count = max(2, len(self._series))
        return (
            scale_color(0.25 + 0.5 * index / (count - 1)) if count == 2 else scale_color(index / (count - 1))
        )

    def _group_height(self) -> int:
        return max(len(self._series) * self.BAR, QFontMetrics(self.font()).height() * 2) + self.GAP

    def _legend_height(self) -> int:
        return QFontMetrics(self.font()).height() + 10

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        texts = [*self._categories, *self._notes]
        return min(200, max((metrics.horizontalAdvance(t) for t in texts), default=40) + 14)

    def bar_rect(self, category: int, series: int) -> QRect:
        """The full-length slot of one bar (value 1.0 fills it)."""
        metrics = QFontMetrics(self.font())
        left = self._label_width()
        width = max(40, self.width() - left - metrics.horizontalAdvance(" 0.00 ") - 8)
        top = self._legend_height() + category * self._group_height() + (self.GAP // 2)
        return QRect(left, top + series * self.BAR, width, self.BAR - 2)

    def sizeHint(self) -> QSize:
        return QSize(420, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:
        rows = max(1, len(self._categories))
        return QSize(260, self._legend_height() + rows * self._group_height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        metrics = QFontMetrics(self.font())
        x = self._label_width()
        for index, name in enumerate(self._series):
            swatch = QRect(x, 4, 12, 12)
            painter.fillRect(swatch, self.series_color(index))
            painter.setPen(text)
            painter.drawText(QPoint(swatch.right() + 5, 4 + metrics.ascent()), name)
            x = swatch.right() + 5 + metrics.horizontalAdvance(name) + 18
        for row, category in enumerate(self._categories):
            first = self.bar_rect(row, 0)
            block = QRect(0, first.top(), self._label_width() - 8, len(self._series) * self.BAR)
            painter.setPen(text)
            name = metrics.elidedText(category, Qt.TextElideMode.ElideRight, block.width())
            if self._notes[row]:
                painter.drawText(QPoint(0, first.top() + metrics.ascent()), name)
                painter.setPen(muted)
                painter.drawText(
                    QPoint(0, first.top() + metrics.ascent() + metrics.height()), self._notes[row]
                )
            else:
                painter.drawText(block, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            for column in range(len(self._series)):
                slot = self.bar_rect(row, column)
                painter.fillRect(slot, palette.color(QPalette.ColorRole.AlternateBase))
                value = self._values[row][column]
                if value is not None:
                    length = round(slot.width() * min(1.0, max(0.0, value)))
                    painter.fillRect(
                        QRect(slot.left(), slot.top(), length, slot.height()), self.series_color(column)
                    )
                    end = slot.left() + length
                else:
                    end = slot.left()
                painter.setPen(text if value is not None else muted)
                label_rect = QRect(
                    end + 4, slot.top() - 2, metrics.horizontalAdvance(" 0.00 ") + 8, slot.height() + 4
                )
                if value is not None and end + label_rect.width() > self.width():
                    label_rect.moveRight(end - 4)
                    painter.setPen(text_on(self.series_color(column)))
                painter.drawText(
                    label_rect,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    format_value(value),
                )
        painter.end()
