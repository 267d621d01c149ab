"""The article text, read-only plain text, with every span painted lazily over the visible blocks only.

Spans are never written into the QTextDocument as formats: the document holds the plain text once, and
``paintEvent`` draws the fills, stacked underlines and the current span's outline for the blocks on
screen, looking spans up in the SpanList's position index. An edit therefore costs a repaint of the
viewport, whatever the size of the article. All conversion between stored code-point offsets and Qt
positions goes through the document's OffsetMap.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from annotator.model.events import Event, EventList
from annotator.model.offsets import OffsetMap
from annotator.model.schema import EntityType, Schema
from annotator.model.spans import IntervalList, Span, SpanList
from annotator.model.tokens import snap_to_graphemes, snap_to_tokens
from annotator.ui import colors

LINE_HEIGHT_PERCENT = 165
UNDERLINE_WIDTH = 2.0
UNDERLINE_STEP = 3.0
AFTER_PAINT_FALLBACK_MS = 250  # when no paint comes (a minimised window), run after-paint work anyway

Piece = tuple[QRectF, Any, int, float]  # (rectangle, span or event, nesting depth, line bottom)


def build_document(text: str, font: QFont) -> QTextDocument:
    """A QTextDocument holding ``text`` as plain text with reading line spacing.

    The block format is set before the text goes in, so every block inherits it in one pass (applying it
    afterwards to a 1 MB article costs 0.3 s). insertText never interprets markup.
    """
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setDocumentMargin(18)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
    document.setDefaultTextOption(option)
    cursor = QTextCursor(document)
    block_format = QTextBlockFormat()
    block_format.setLineHeight(LINE_HEIGHT_PERCENT, 1)  # 1 = QTextBlockFormat.ProportionalHeight
    cursor.setBlockFormat(block_format)
    cursor.insertText(text)
    document.setModified(False)
    document.setUndoRedoEnabled(False)
    return document


def reading_font(size: int) -> QFont:
    """A comfortable font for reading articles."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSize(size)
    return font


class TextView(QTextEdit):
    """Shows one document and its spans; emits what the annotator points at."""

    current_span_changed = Signal(object)  # Span | None
    current_event_changed = Signal(object)  # Event | None
    span_clicked = Signal(object)  # Span: clicked in the text (the window may use it to fill a role)
    span_activated = Signal(object)  # Span (double-clicked)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("text_view")
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setMouseTracking(True)
        self.setCursorWidth(2)
        self._text = ""
        self._map = OffsetMap("")
        self._spans = SpanList()
        self._spans.subscribe(self._on_spans_changed)
        self._schema: Schema | None = None
        self._current: Span | None = None
        self._events = EventList()
        self._events.subscribe(self._on_events_changed)
        self._current_event: Event | None = None
        self._snap_tokens = True
        self._font_size = 12
        # Others draw over the text (review mode's annotator layers) and add rows to the tooltip.
        self.overlay_painters: list[Callable[[QPainter, QRectF], None]] = []
        self.tooltip_sources: list[Callable[[int], str]] = []
        self._after_paint: list[Callable[[], None]] = []
        self._after_paint_timer = QTimer(self)
        self._after_paint_timer.setSingleShot(True)
        self._after_paint_timer.timeout.connect(self._run_after_paint)
        self.setDocument(build_document("", reading_font(self._font_size)))

    # -- content -----------------------------------------------------------------------------------

    def set_content(self, text: str, spans: SpanList, schema: Schema) -> None:
        """Show a document's text and spans (the text view follows the span list's changes)."""
        self._spans.unsubscribe(self._on_spans_changed)
        self._text = text
        self._map = OffsetMap(text)
        self._spans = spans
        self._schema = schema
        self._current = None
        spans.subscribe(self._on_spans_changed)
        old = self.document()
        self.setDocument(build_document(text, reading_font(self._font_size)))
        if old is not None and old.parent() is None:
            self.after_next_paint(old.deleteLater)  # freeing a 1 MB document is not the first frame's work
        self.current_span_changed.emit(None)

    def first_frame_extent(self) -> int | None:
        """A generous bound on the code points the viewport shows from the top; None while it is hidden.

        Four times the characters of average width that fit: the window reads the spans that start
        before it first (DocumentLayer ``first``). Should the first frame show more (narrow letters, a
        huge screen), painting loads the rest of the layer itself: a short bound costs time, never a span.
        """
        if not self.isVisible():
            return None
        metrics = QFontMetricsF(reading_font(self._font_size))
        line_height = max(1.0, metrics.lineSpacing() * LINE_HEIGHT_PERCENT / 100)
        lines = int(self.viewport().height() / line_height) + 2
        per_line = int(self.viewport().width() / max(1.0, metrics.averageCharWidth())) + 2
        return 4 * lines * per_line

    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` from the event loop once the viewport has painted; at once if it is hidden.

        Opening a document fills the slower panels this way, after the text and its spans are on screen.
        Should no paint come (a minimised window), the callback runs after AFTER_PAINT_FALLBACK_MS.
        """
        self._after_paint.append(callback)
        if not self.isVisible():
            self._run_after_paint()
        else:
            # (Re)started: a paint that came before this call must not count, the next one restarts it at 0.
            self._after_paint_timer.start(AFTER_PAINT_FALLBACK_MS)

    def _run_after_paint(self) -> None:
        self._after_paint_timer.stop()
        callbacks, self._after_paint = self._after_paint, []
        for callback in callbacks:
            callback()

    def set_events(self, events: EventList) -> None:
        """Show a document layer's events (triggers boxed; the selected event's roles labelled)."""
        self._events.unsubscribe(self._on_events_changed)
        self._events = events
        events.subscribe(self._on_events_changed)
        self.set_current_event(None)

    def _on_events_changed(self, kind: str, row: int, event: Event | None) -> None:
        del row
        focus = self._current_event
        if focus is not None and event is not None and event.id == focus.id:
            if kind == "removed":
                self.set_current_event(None)
            elif kind == "changed":
                self._current_event = event
                self.current_event_changed.emit(event)
        elif kind == "reset":
            self.set_current_event(None)
        if kind in ("inserted", "removed", "changed", "reset"):
            self.viewport().update()

    def current_event(self) -> Event | None:
        """The event the annotator has selected."""
        return self._current_event

    def set_current_event(self, event: Event | None, *, select: bool = False) -> None:
        """Select an event: its trigger is highlighted, its arguments labelled, other spans dimmed."""
        if event == self._current_event and not select:
            return
        self._current_event = event
        if event is not None and select:
            self.select_offsets(event.start, event.end)
        self.viewport().update()
        self.current_event_changed.emit(event)

    def events_at(self, offset: int) -> list[Event]:
        """Events whose trigger contains an offset."""
        return self._events.at(offset)

    def set_schema(self, schema: Schema) -> None:
        """Repaint with another schema's colours."""
        self._schema = schema
        self.viewport().update()

    @property
    def offset_map(self) -> OffsetMap:
        """The shown document's offset map."""
        return self._map

    @property
    def text(self) -> str:
        """The shown document's exact text."""
        return self._text

    def set_font_size(self, size: int) -> None:
        """Change the reading font size, keeping the position."""
        self._font_size = max(6, min(size, 48))
        position = self.cursorForPosition(QPoint(0, 0)).position()
        self.document().setDefaultFont(reading_font(self._font_size))
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    @property
    def font_size(self) -> int:
        """The reading font size in points."""
        return self._font_size

    def set_snap_to_tokens(self, on: bool) -> None:
        """Snap selections to token boundaries (True) or only to whole characters (False)."""
        self._snap_tokens = on

    def _on_spans_changed(self, event: str, row: int, span: Span | None) -> None:
        del row
        if event in ("removed", "reset") and self._current is not None:
            if event == "reset" or (span is not None and span.id == self._current.id):
                self.set_current_span(None)
        elif (
            event == "changed"
            and span is not None
            and self._current is not None
            and span.id == self._current.id
        ):
            self._current = span
            self.current_span_changed.emit(span)
        if event in ("inserted", "removed", "changed", "reset"):
            self.viewport().update()

    # -- selection in code points ------------------------------------------------------------------

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selection as snapped code-point offsets, or None when nothing (or only space) is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.selection_to_span(cursor.anchor(), cursor.position())
        start, end = self.snap(start, end)
        return (start, end) if end > start else None

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """Snap code-point offsets as the current mode says."""
        if self._snap_tokens:
            return snap_to_tokens(self._text, start, end)
        start, end = snap_to_graphemes(self._text, start, end)
        return start, end

    def select_offsets(self, start: int, end: int) -> None:
        """Select a range given in code points and scroll it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(end))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self._map.to_qt(start))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def caret_offset(self) -> int:
        """The caret's position in code points."""
        return self._map.to_offset(self.textCursor().position())

    def current_span(self) -> Span | None:
        """The span the annotator has selected (clicked, or picked in the entity panel)."""
        return self._current

    def set_current_span(self, span: Span | None, *, select: bool = False) -> None:
        """Make a span current (outlined); with ``select`` also select its text and scroll to it."""
        self._current = span
        if span is not None and select:
            self.select_offsets(span.start, span.end)
        self.viewport().update()
        self.current_span_changed.emit(span)

    def spans_at(self, offset: int) -> list[Span]:
        """Spans containing an offset, outermost first."""
        return self._spans.at(offset)

    # -- mouse and hover ---------------------------------------------------------------------------

    def _inside_frame(self, point: QPoint) -> QPoint:
        """The nearest viewport point inside the text frame: hit tests in the margin return any block."""
        margin = int(self.document().documentMargin()) + 1
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        return QPoint(max(point.x() + dx, margin) - dx, max(point.y() + dy, margin) - dy)

    def _offset_at(self, point: QPoint) -> int | None:
        """The code-point offset under a viewport point, or None outside the text."""
        point = self._inside_frame(point)
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        position = cursor.position()
        # cursorForPosition gives the nearest caret place; the character is the one the point is over.
        if point.x() < rect.x() and position > 0:
            position -= 1
        block = cursor.block()
        if not block.isValid():
            return None
        offset = self._map.to_offset(position)
        return offset if offset < len(self._text) else None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cursor = self.textCursor()
        if cursor.hasSelection():
            snapped = self.selection_offsets()
            if snapped is not None:
                self.select_offsets(*snapped)
                exact = self._spans.exact(*snapped)
                self.set_current_span(exact[-1] if exact else None)
            return
        offset = self._offset_at(event.position().toPoint())
        triggers = self._events.at(offset) if offset is not None else []
        spans = self._spans.at(offset) if offset is not None else []
        if spans:
            self.span_clicked.emit(spans[-1])
        if triggers and not spans:
            self.set_current_event(triggers[-1])
            return
        # Clicking again on the current span steps inward through nested spans.
        if spans and self._current in spans:
            index = spans.index(self._current)
            self.set_current_span(spans[(index + 1) % len(spans)])
        else:
            self.set_current_span(spans[-1] if spans else None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        snapped = self.selection_offsets()
        if snapped is not None:
            self.select_offsets(*snapped)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            offset = self._offset_at(event.pos())
            spans = self._spans.at(offset) if offset is not None else []
            triggers = self._events.at(offset) if offset is not None else []
            extra = "".join(source(offset) for source in self.tooltip_sources) if offset is not None else ""
            if spans or triggers or extra:
                tip = self._tooltip(spans, triggers).replace("</table>", extra + "</table>")
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, spans: list[Span], triggers: Sequence[Event] = ()) -> str:
        rows = []
        for event in triggers:
            roles = ", ".join(sorted({a.role for a in event.arguments})) or "no arguments yet"
            rows.append(
                f"<tr><td><b style='color:{colors.trigger_color().name()}'>▭</b> "
                f"<b>{html.escape(event.type)}</b></td>"
                f"<td>“{html.escape(self._text[event.start : event.end])}”</td>"
                f"<td>{html.escape(roles)}; <i>{html.escape(event.annotator or '?')}</i></td></tr>"
            )
        for span in spans:
            entity = self._schema.entity_type(span.label) if self._schema else None
            color = colors.label_color(entity).name()
            name = f"{span.label} ({entity.description})" if entity and entity.description else span.label
            rows.append(
                f"<tr><td><b style='color:{color}'>■</b> <b>{html.escape(name)}</b></td>"
                f"<td>“{html.escape(span.text_in(self._text))}”</td>"
                f"<td><i>{html.escape(span.annotator or '?')}</i></td></tr>"
            )
        return "<table cellspacing='4'>" + "".join(rows) + "</table>"

    # -- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        area = QRectF(event.rect())
        pieces = self._visible_pieces(area)
        triggers = self._visible_pieces(area, self._events)
        focus = self._current_event
        roles: dict[int, list[str]] = {}
        if focus is not None:
            for argument in focus.arguments:
                roles.setdefault(argument.span_id, []).append(argument.role)
        painter = QPainter(self.viewport())
        try:
            for rect, span, _depth, _bottom in pieces:
                fill = colors.fill_color(self._entity(span))
                if focus is not None and span.id not in roles:
                    fill.setAlphaF(0.22)  # dim what plays no role in the selected event
                painter.fillRect(rect, fill)
            for rect, trigger, _depth, _bottom in triggers:
                if focus is not None and trigger.id == focus.id:
                    painter.fillRect(rect, colors.trigger_fill())
        finally:
            painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            for rect, span, depth, bottom in pieces:
                color = colors.label_color(self._entity(span))
                if focus is not None and span.id not in roles:
                    color.setAlphaF(0.3)
                y = bottom + 1.0 + depth * UNDERLINE_STEP
                painter.fillRect(QRectF(rect.left(), y, rect.width(), UNDERLINE_WIDTH), color)
                if self._current is not None and span.id == self._current.id:
                    pen = QPen(color.darker(130) if not colors.is_dark() else color.lighter(130))
                    pen.setWidthF(2.0)
                    painter.setPen(pen)
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
            for rect, trigger, _depth, _bottom in triggers:
                current = focus is not None and trigger.id == focus.id
                pen = QPen(colors.trigger_color())
                pen.setWidthF(2.4 if current else 1.4)
                pen.setStyle(Qt.PenStyle.SolidLine if current else Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-1.5, -1, 1.5, 1), 3, 3)
            if focus is not None:
                self._paint_role_tags(painter, pieces, roles)
                self._paint_type_tag(painter, triggers, focus)
            for paint in self.overlay_painters:
                paint(painter, area)
        finally:
            painter.end()
        if self._after_paint:
            # A zero timer started while painting fires on the event loop's next pass, after this frame.
            self._after_paint_timer.start(0)

    def _paint_role_tags(self, painter: QPainter, pieces: list[Piece], roles: dict[int, list[str]]) -> None:
        """Write each argument's role name in a small tag just above the start of its span."""
        done: set[int] = set()
        for rect, span, _depth, _bottom in pieces:
            if span.id in done or span.id not in roles:
                continue
            done.add(span.id)
            self._tag(painter, rect, " · ".join(roles[span.id]), colors.label_color(self._entity(span)))

    def _paint_type_tag(self, painter: QPainter, triggers: list[Piece], focus: Event) -> None:
        for rect, trigger, _depth, _bottom in triggers:
            if trigger.id == focus.id:
                # Under the trigger: above it is where the neighbouring arguments' role tags go.
                self._tag(painter, rect, focus.type, colors.trigger_color(), below=True)
                return

    def _tag(self, painter: QPainter, rect: QRectF, text: str, color: QColor, *, below: bool = False) -> None:
        font = QFont(self.document().defaultFont())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.62))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 8
        height = metrics.height() + 1
        top = rect.bottom() + 1 if below else rect.top() - height + 1
        tag = QRectF(rect.left(), top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(tag, 3, 3)
        painter.setPen(colors.text_on(color))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)

    def _entity(self, span: Span) -> EntityType | None:
        return self._schema.entity_type(span.label) if self._schema else None

    def visible_pieces(self, area: QRectF, items: IntervalList[Any]) -> list[Piece]:
        """Rectangles of any interval list's visible items, for the overlay painters."""
        return self._visible_pieces(area, items)

    def _visible_pieces(self, area: QRectF, items: IntervalList[Any] | None = None) -> list[Piece]:
        """Rectangles to paint for the visible spans (or triggers): (rect, item, depth, line bottom).

        Only ``overlapping`` is asked, for ranges that end with the last visible line, so the first frame
        of a long article is painted from a partial list (DocumentLayer ``first``) without loading it.
        """
        items = self._spans if items is None else items
        layout = self.document().documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        block = self.cursorForPosition(self._inside_frame(QPoint(0, int(area.top())))).block()
        pieces: list[Piece] = []
        while block.isValid():
            block_rect = layout.blockBoundingRect(block).translated(dx, dy)
            if block_rect.top() > area.bottom():
                break
            if block_rect.bottom() >= area.top():
                self._block_pieces(block, block_rect.topLeft(), items, pieces, area.bottom())
            block = block.next()
        return pieces

    def _block_pieces(
        self, block: QTextBlock, origin: QPointF, items: IntervalList[Any], pieces: list[Piece], bottom: float
    ) -> None:
        q_start = block.position()
        q_end = q_start + block.length() - 1
        text_layout = block.layout()
        # Items from the block's start (their depths need the earlier ones) to its last visible line.
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            if origin.y() + line.y() > bottom:
                q_end = min(q_end, q_start + line.textStart())
                break
        start = self._map.to_offset(q_start)
        end = self._map.to_offset(q_end, "ceil")
        found = items.overlapping(start, max(end, start + 1))
        if not found:
            return
        # Depth: how many earlier (outer or earlier-starting) items still cover this item's start.
        open_ends: list[int] = []
        for item in found:
            open_ends = [e for e in open_ends if e > item.start]
            depth = len(open_ends)
            open_ends.append(item.end)
            a = max(self._map.to_qt(item.start), q_start) - q_start
            b = min(self._map.to_qt(item.end), q_end) - q_start
            if b <= a:
                continue
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                line_start = line.textStart()
                line_end = line_start + line.textLength()
                if line_end <= a or line_start >= b:
                    continue
                x1 = _x_of(line, max(a, line_start))
                x2 = _x_of(line, min(b, line_end))
                if x1 == x2:
                    continue
                rect = QRectF(min(x1, x2), line.y(), abs(x2 - x1), line.height()).translated(origin)
                pieces.append((rect, item, depth, origin.y() + line.y() + line.height()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape clears the selection and the current span, as in every editor.
        if event.key() == Qt.Key.Key_Escape:
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self.set_current_span(None)
            self.set_current_event(None)
            return
        super().keyPressEvent(event)


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a caret position in a line (PySide returns ``(x, position)``)."""
    result: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return result[0]
