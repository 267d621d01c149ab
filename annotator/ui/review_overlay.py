"""Review mode's overlay: each compared annotator's layer as thin bars in its own colour under the gold marks.

The gold layer is painted by the text view as usual (fills and underlines); below them every shown
annotator gets one thin bar per span (solid) or trigger (dashed), one row per annotator, so two bars
that start and end together are two annotators agreeing on the boundaries. The unit under review is
boxed, with a small tag per annotator saying what that annotator labelled there.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from annotator.model.events import EventList
from annotator.model.spans import Span, SpanList
from annotator.ui import colors
from annotator.ui.text_view import TextView

# Colour-blind safe (Okabe-Ito), in the order annotators are numbered; none is a label or trigger colour.
ANNOTATOR_COLORS = ("#e69f00", "#0072b2", "#cc79a7", "#009e73", "#d55e00", "#56b4e9", "#7f7f7f", "#000000")
ANNOTATOR_COLORS_DARK = (
    "#ffb84d",
    "#4da6ff",
    "#f0a3d0",
    "#3fd9a8",
    "#ff8c4d",
    "#8fd0ff",
    "#bdbdbd",
    "#ffffff",
)
BAR_TOP = 5.0  # below the baseline bottom: under the gold underline
BAR_STEP = 2.6
BAR_WIDTH = 2.0


def annotator_color(number: int) -> QColor:
    """The colour of the annotator numbered ``number`` (0 = first) on this theme."""
    palette = ANNOTATOR_COLORS_DARK if colors.is_dark() else ANNOTATOR_COLORS
    return QColor(palette[number % len(palette)])


@dataclass
class OverlayLayer:
    """One compared annotator's spans and events as the overlay shows them."""

    name: str
    color: QColor
    spans: SpanList = field(default_factory=SpanList)
    events: EventList = field(default_factory=EventList)
    visible: bool = True


class ReviewOverlay:
    """Paints the compared layers over a text view (installed as one of its overlay painters)."""

    def __init__(self, view: TextView) -> None:
        self.view = view
        self.layers: list[OverlayLayer] = []
        self._focus: tuple[int, int] | None = None
        self._tags: list[tuple[QColor, str]] = []
        self._installed = False

    def install(self) -> None:
        """Start painting over the view (and adding the layers to its tooltips)."""
        if not self._installed:
            self.view.overlay_painters.append(self.paint)
            self.view.tooltip_sources.append(self.tooltip_rows)
            self._installed = True
        self.view.viewport().update()

    def uninstall(self) -> None:
        """Stop painting: the view shows one layer again."""
        if self._installed:
            self.view.overlay_painters.remove(self.paint)
            self.view.tooltip_sources.remove(self.tooltip_rows)
            self._installed = False
        self.view.viewport().update()

    def set_layers(self, layers: list[OverlayLayer]) -> None:
        """Show other layers (another document, or after a merge)."""
        self.layers = layers
        self._focus = None
        self._tags = []
        self.view.viewport().update()

    def set_visible(self, name: str, visible: bool) -> None:
        """Show or hide one annotator's layer."""
        for layer in self.layers:
            if layer.name == name:
                layer.visible = visible
        self.view.viewport().update()

    def set_focus(self, region: tuple[int, int] | None, tags: list[tuple[QColor, str]] | None = None) -> None:
        """Box the unit under review; ``tags`` (colour, text) are written above its start."""
        self._focus = region
        self._tags = list(tags or [])
        self.view.viewport().update()

    @property
    def focus(self) -> tuple[int, int] | None:
        """The boxed region, if any."""
        return self._focus

    # -- painting ----------------------------------------------------------------------------------

    def paint(self, painter: QPainter, area: QRectF) -> None:
        """Draw the shown layers' bars, then the box and tags of the unit under review."""
        shown = [layer for layer in self.layers if layer.visible]
        step = BAR_STEP if len(shown) <= 3 else max(1.4, BAR_STEP * 3 / len(shown))
        for row, layer in enumerate(shown):
            offset = BAR_TOP + row * step
            for rect, _span, _depth, bottom in self.view.visible_pieces(area, layer.spans):
                bar = QRectF(rect.left() + 1, bottom + offset, max(rect.width() - 2, 1.0), BAR_WIDTH)
                painter.fillRect(bar, layer.color)
            pen = QPen(layer.color)
            pen.setWidthF(BAR_WIDTH)
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            for rect, _event, _depth, bottom in self.view.visible_pieces(area, layer.events):
                y = bottom + offset + BAR_WIDTH / 2
                painter.drawLine(int(rect.left() + 1), int(y), int(rect.right() - 1), int(y))
        if self._focus is not None:
            self._paint_focus(painter, area, len(shown) * step)

    def _paint_focus(self, painter: QPainter, area: QRectF, depth: float) -> None:
        start, end = self._focus or (0, 0)
        pieces = self.view.visible_pieces(area, SpanList([Span(-1, start, end, "")]))
        if not pieces:
            return
        pen = QPen(colors.trigger_color() if colors.is_dark() else QColor("#404040"))
        pen.setWidthF(1.2)
        pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect, _item, _depth, bottom in pieces:
            box = QRectF(
                rect.left() - 3, rect.top() - 1, rect.width() + 6, bottom - rect.top() + BAR_TOP + depth
            )
            painter.drawRoundedRect(box, 3, 3)
        self._paint_tags(painter, pieces[0][0])

    def _paint_tags(self, painter: QPainter, first: QRectF) -> None:
        font = QFont(self.view.document().defaultFont())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.62))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        height = metrics.height() + 1
        widths = [metrics.horizontalAdvance(text) + 8 for _color, text in self._tags]
        # From the unit's start, moved left when the row of tags would leave the viewport.
        right_edge = self.view.viewport().width() - 4
        x = max(4.0, min(first.left() - 3, right_edge - sum(widths) - 3 * (len(widths) - 1)))
        for (color, text), width in zip(self._tags, widths, strict=True):
            tag = QRectF(x, first.top() - height - 1, width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(colors.text_on(color))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 3

    # -- tooltips ----------------------------------------------------------------------------------

    def tooltip_rows(self, offset: int) -> str:
        """Table rows for the text view's tooltip: what each shown annotator has at ``offset``."""
        text = self.view.text
        rows = []
        for layer in self.layers:
            if not layer.visible:
                continue
            said = [
                f"{html.escape(s.label)} “{html.escape(s.text_in(text))}”" for s in layer.spans.at(offset)
            ]
            said += [
                f"{html.escape(e.type)} ▭“{html.escape(text[e.start : e.end])}”"
                for e in layer.events.at(offset)
            ]
            if said:
                swatch = f"<b style='color:{layer.color.name()}'>▁</b>"
                rows.append(
                    f"<tr><td>{swatch} <i>{html.escape(layer.name)}</i></td>"
                    f"<td colspan='2'>{', '.join(said)}</td></tr>"
                )
        return "".join(rows)
