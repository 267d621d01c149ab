"""TextView.after_next_paint: work deferred until the text is on screen, never lost when no paint comes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from pytestqt.qtbot import QtBot

from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.text_view import AFTER_PAINT_FALLBACK_MS, TextView
from tests.ui.conftest import ARTICLE


class PaintLog(QObject):
    """Appends "paint" to a shared log on each paint of the watched widget."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def shown_view(qtbot: QtBot) -> TextView:
    view = TextView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    QCoreApplication.processEvents()
    return view


def test_the_callback_runs_after_the_first_frame_of_new_content(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    log: list[str] = []
    watcher = PaintLog(log)
    view.viewport().installEventFilter(watcher)
    start = ARTICLE.index("Baghouz")
    view.set_content(ARTICLE, SpanList([Span(1, start, start + 7, "GPE")]), default_schema())
    view.after_next_paint(lambda: log.append("callback"))
    assert log == []  # not at once: the window is visible
    QCoreApplication.processEvents()
    assert log[:1] == ["paint"]  # the frame with the text and its span comes first
    qtbot.waitUntil(lambda: "callback" in log, timeout=1000)
    assert log.index("callback") > log.index("paint")
    assert log.count("callback") == 1
    view.viewport().update()
    QCoreApplication.processEvents()
    qtbot.wait(20)
    assert log.count("callback") == 1  # once only


def test_every_callback_registered_before_the_paint_runs_in_order(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    done: list[int] = []
    view.after_next_paint(lambda: done.append(1))
    view.after_next_paint(lambda: done.append(2))
    view.viewport().update()
    qtbot.waitUntil(lambda: len(done) == 2, timeout=1000)
    assert done == [1, 2]


def test_a_hidden_view_runs_the_callback_at_once(qtbot: QtBot) -> None:
    view = TextView()
    qtbot.addWidget(view)
    done: list[str] = []
    view.after_next_paint(lambda: done.append("now"))
    assert done == ["now"]


def test_without_a_paint_the_callback_still_runs_after_the_fallback_delay(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    view.viewport().setUpdatesEnabled(False)  # no paint will come, as in a minimised window
    done: list[str] = []
    view.after_next_paint(lambda: done.append("late"))
    qtbot.wait(AFTER_PAINT_FALLBACK_MS // 5)
    assert done == []
    qtbot.waitUntil(lambda: done == ["late"], timeout=AFTER_PAINT_FALLBACK_MS * 8)
    view.viewport().setUpdatesEnabled(True)


def test_a_paint_before_the_callback_was_registered_does_not_count(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    log: list[str] = []
    watcher = PaintLog(log)
    view.viewport().installEventFilter(watcher)
    view.after_next_paint(lambda: log.append("first"))
    view.viewport().update()
    QCoreApplication.processEvents()
    assert log == ["paint"]  # the zero timer it started fires on the next pass...
    view.after_next_paint(lambda: log.append("second"))  # ...but a newer callback waits for a newer paint
    QCoreApplication.processEvents()
    assert log == ["paint"]
    view.viewport().update()
    qtbot.waitUntil(lambda: "second" in log, timeout=1000)
    assert log == ["paint", "paint", "first", "second"]
