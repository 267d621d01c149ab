"""The article text, read-only plain text, with every span painted lazily over the visible blocks only.

Spans are never written into the QTextDocument as formats: the document holds the plain text once, and
``paintEvent`` draws the fills, stacked underlines and the current span's outline for the blocks on
screen, looking spans up in the SpanList's position index. An edit therefore costs a repaint of the
viewport, whatever the size of the article. All conversion between stored code-point offsets and Qt
positions goes through the document's OffsetMap.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
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

from annotator.model.offsets import OffsetMap
from annotator.model.schema import EntityType, Schema
from annotator.model.spans import Span, SpanList
from annotator.model.tokens import snap_to_graphemes, snap_to_tokens
from annotator.ui import colors

LINE_HEIGHT_PERCENT = 165
UNDERLINE_WIDTH = 2.0
UNDERLINE_STEP = 3.0


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
        self._snap_tokens = True
        self._font_size = 12
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
            old.deleteLater()
        self.current_span_changed.emit(None)

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
        spans = self._spans.at(offset) if offset is not None else []
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
            if spans:
                QToolTip.showText(event.globalPos(), self._tooltip(spans), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, spans: list[Span]) -> str:
        rows = []
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
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            pieces = self._visible_pieces(QRectF(event.rect()))
            for rect, span, _depth, _line_bottom in pieces:
                painter.fillRect(rect, colors.fill_color(self._entity(span)))
        finally:
            painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            for rect, span, depth, line_bottom in pieces:
                color = colors.label_color(self._entity(span))
                y = line_bottom + 1.0 + depth * UNDERLINE_STEP
                painter.fillRect(QRectF(rect.left(), y, rect.width(), UNDERLINE_WIDTH), color)
                if self._current is not None and span.id == self._current.id:
                    pen = QPen(color.darker(130) if not colors.is_dark() else color.lighter(130))
                    pen.setWidthF(2.0)
                    painter.setPen(pen)
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        finally:
            painter.end()

    def _entity(self, span: Span) -> EntityType | None:
        return self._schema.entity_type(span.label) if self._schema else None

    def _visible_pieces(self, area: QRectF) -> list[tuple[QRectF, Span, int, float]]:
        """Rectangles to paint for the spans in the visible blocks: (rect, span, depth, line bottom)."""
        if not len(self._spans):
            return []
        layout = self.document().documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        block = self.cursorForPosition(self._inside_frame(QPoint(0, int(area.top())))).block()
        pieces: list[tuple[QRectF, Span, int, float]] = []
        while block.isValid():
            block_rect = layout.blockBoundingRect(block).translated(dx, dy)
            if block_rect.top() > area.bottom():
                break
            if block_rect.bottom() >= area.top():
                self._block_pieces(block, block_rect.topLeft(), pieces)
            block = block.next()
        return pieces

    def _block_pieces(
        self, block: QTextBlock, origin: QPointF, pieces: list[tuple[QRectF, Span, int, float]]
    ) -> None:
        q_start = block.position()
        q_end = q_start + block.length() - 1
        start = self._map.to_offset(q_start)
        end = self._map.to_offset(q_end, "ceil")
        spans = self._spans.overlapping(start, max(end, start + 1))
        if not spans:
            return
        text_layout = block.layout()
        # Depth: how many earlier (outer or earlier-starting) spans still cover this span's start.
        open_ends: list[int] = []
        for span in spans:
            open_ends = [e for e in open_ends if e > span.start]
            depth = len(open_ends)
            open_ends.append(span.end)
            a = max(self._map.to_qt(span.start), q_start) - q_start
            b = min(self._map.to_qt(span.end), q_end) - q_start
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
                pieces.append((rect, span, depth, origin.y() + line.y() + line.height()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape clears the selection and the current span, as in every editor.
        if event.key() == Qt.Key.Key_Escape:
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
            self.set_current_span(None)
            return
        super().keyPressEvent(event)


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a caret position in a line (PySide returns ``(x, position)``)."""
    result: tuple[float, int] = line.cursorToX(position)  # type: ignore[assignment]
    return result[0]
