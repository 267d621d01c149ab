"""The text view: selections in code points, snapping, current span, painting of nested spans."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.text_view import TextView
from tests.ui.conftest import ARTICLE


def make_view(qtbot: QtBot, text: str = ARTICLE, spans: list[Span] | None = None) -> TextView:
    view = TextView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_content(text, SpanList(spans or []), default_schema())
    view.show()
    qtbot.waitExposed(view)
    return view


def select_qt(view: TextView, start: int, end: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_selection_after_an_emoji_is_in_code_points(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = ARTICLE.index("Baghouz")
    # Qt counts the emoji as two positions, so the word starts one position later in Qt.
    select_qt(view, start + 1, start + 1 + len("Baghouz"))
    assert view.selection_offsets() == (start, start + len("Baghouz"))


def test_selection_snaps_to_tokens_or_characters(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = ARTICLE.index("Democratic")
    select_qt(view, start + 1 + 2, start + 1 + 5)  # "moc" inside "Democratic"
    assert view.selection_offsets() == (start, start + len("Democratic"))
    view.set_snap_to_tokens(False)
    assert view.selection_offsets() == (start + 2, start + 5)


def test_selecting_only_space_is_no_selection(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    gap = ARTICLE.index(" teams")
    select_qt(view, gap + 1, gap + 2)
    assert view.selection_offsets() is None


def test_select_offsets_selects_the_span_text(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    start = ARTICLE.index("Mustafa Bali")
    view.select_offsets(start, start + len("Mustafa Bali"))
    assert view.textCursor().selectedText() == "Mustafa Bali"


def test_click_makes_the_innermost_span_current_and_clicks_again_step_through(qtbot: QtBot) -> None:
    outer_start = ARTICLE.index("head of the SDF press office")
    inner_start = ARTICLE.index("SDF press office")
    outer = Span(1, outer_start, outer_start + len("head of the SDF press office"), "PER", "a")
    inner = Span(2, inner_start, inner_start + len("SDF press office"), "ORG", "a")
    view = make_view(qtbot, spans=[outer, inner])
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_qt(inner_start + 1))
    point = view.cursorRect(cursor).center()
    with qtbot.waitSignal(view.current_span_changed) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [inner]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.current_span() == outer


def test_nested_spans_are_painted_at_increasing_depths(qtbot: QtBot) -> None:
    outer_start = ARTICLE.index("head of the SDF press office")
    mid_start = ARTICLE.index("SDF press office")
    spans = [
        Span(1, outer_start, outer_start + len("head of the SDF press office"), "PER", "a"),
        Span(2, mid_start, mid_start + len("SDF press office"), "ORG", "a"),
        Span(3, mid_start, mid_start + 3, "ORG", "a"),
    ]
    view = make_view(qtbot, spans=spans)
    pieces = view._visible_pieces(QRectF(view.viewport().rect()))
    depths = {span.id: depth for _rect, span, depth, _bottom in pieces}
    assert depths == {1: 0, 2: 1, 3: 2}
    widths = {span.id: rect.width() for rect, span, _d, _b in pieces}
    assert widths[1] > widths[2] > widths[3] > 0


def test_spans_outside_the_viewport_are_not_laid_out_for_painting(qtbot: QtBot) -> None:
    text = "\n".join(f"Line {i} Baghouz" for i in range(3000))
    start = text.index("Line 2999")
    view = make_view(
        qtbot, text=text, spans=[Span(1, 0, 4, "GPE", "a"), Span(2, start, start + 4, "GPE", "a")]
    )
    visible = {span.id for _r, span, _d, _b in view._visible_pieces(QRectF(view.viewport().rect()))}
    assert visible == {1}


def test_tooltip_names_label_text_and_annotator_as_plain_text(qtbot: QtBot) -> None:
    start = ARTICLE.index("Baghouz")
    view = make_view(qtbot, spans=[Span(1, start, start + 7, "GPE", "<b>alice</b>")])
    html = view._tooltip(view.spans_at(start))
    assert "GPE" in html
    assert "Baghouz" in html
    assert "&lt;b&gt;alice&lt;/b&gt;" in html


def test_escape_clears_selection_and_current_span(qtbot: QtBot) -> None:
    view = make_view(qtbot, spans=[Span(1, 0, 6, "ORG", "a")])
    view.set_current_span(view.spans_at(0)[0], select=True)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.current_span() is None
    assert not view.textCursor().hasSelection()


def test_shift_arrows_select_by_keyboard(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.setFocus()
    cursor = QTextCursor(view.document())
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.selection_offsets() == (0, len("Rescue"))
