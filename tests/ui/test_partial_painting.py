"""The text view paints the first screen of a long article from a partial span list, without loading it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtWidgets import QAbstractSlider
from pytestqt.qtbot import QtBot

from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.text_view import TextView

PARAGRAPH = "Rebels near Raqqa said officials of Aleppo met Bob Smith on Monday. " * 6


def article(paragraphs: int, *, breaks: bool = True) -> str:
    return ("\n\n" if breaks else " ").join([PARAGRAPH.strip()] * paragraphs)


def spans_of(text: str) -> list[Span]:
    """Every name, each "Bob Smith" also inside a longer ORG span, and one span over two paragraphs."""
    spans, ident = [], 0
    for word, label in (("Raqqa", "GPE"), ("Aleppo", "GPE"), ("Bob Smith", "PER"), ("officials", "ORG")):
        start = text.find(word)
        while start >= 0:
            ident += 1
            spans.append(Span(ident, start, start + len(word), label))
            if word == "Bob Smith":
                ident += 1
                spans.append(Span(ident, start - 11, start + len(word) + 3, "ORG"))
            start = text.find(word, start + 1)
    ident += 1
    spans.append(Span(ident, 100, 100 + len(PARAGRAPH) + 20, "FAC"))
    return spans


def partial(spans: list[Span], until: int) -> SpanList:
    def reader(lo: int, hi: int | None) -> list[Span]:
        return [s for s in spans if lo <= s.start and (hi is None or s.start < hi)]

    return SpanList.partial(until, reader)


def shown(qtbot: QtBot, text: str, spans: SpanList) -> TextView:
    view = TextView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    view.set_content(text, spans, default_schema())
    QCoreApplication.processEvents()
    return view


def drawn(view: TextView, spans: SpanList | None = None) -> list[tuple[int, float, float, float, int]]:
    area = QRectF(view.viewport().rect())
    pieces = view.visible_pieces(area, spans) if spans is not None else view._visible_pieces(area)
    return [(item.id, rect.x(), rect.y(), rect.width(), depth) for rect, item, depth, _ in pieces]


def test_the_first_screen_is_painted_from_the_first_part_exactly_as_from_the_whole_list(
    qtbot: QtBot,
) -> None:
    text = article(200)
    every = spans_of(text)
    view = shown(qtbot, text, partial(every, view_extent(qtbot)))
    spans = view._spans
    first = drawn(view)
    assert first, "the first screen shows spans"
    assert not spans.loaded  # painting did not need the rest
    assert first == drawn(view, SpanList(every))
    assert any(depth > 0 for *_, depth in first)  # nested spans kept their depth


def test_one_long_paragraph_is_painted_from_the_first_part_too(qtbot: QtBot) -> None:
    text = article(200, breaks=False)  # a single block: the query stops at its last visible line
    every = spans_of(text)
    view = shown(qtbot, text, partial(every, view_extent(qtbot)))
    assert drawn(view) == drawn(view, SpanList(every))
    assert not view._spans.loaded


def test_a_screen_beyond_the_first_part_loads_the_rest_and_paints_it_all(qtbot: QtBot) -> None:
    text = article(200)
    every = spans_of(text)
    view = shown(qtbot, text, partial(every, 3_000))
    bar = view.verticalScrollBar()
    for _ in range(6):
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
    view.viewport().repaint()
    assert view._spans.loaded
    assert drawn(view) == drawn(view, SpanList(every))


def test_the_first_screen_bound_covers_what_the_view_shows(qtbot: QtBot) -> None:
    text = article(200)
    view = shown(qtbot, text, SpanList())
    extent = view.first_frame_extent()
    assert extent is not None
    last = view.cursorForPosition(view.viewport().rect().bottomRight()).position()
    assert last < extent
    hidden = TextView()
    qtbot.addWidget(hidden)
    assert hidden.first_frame_extent() is None


def view_extent(qtbot: QtBot) -> int:
    """The first-screen bound of a shown 600 x 400 view, as the window asks for it."""
    view = TextView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    extent = view.first_frame_extent()
    assert extent is not None
    return extent
