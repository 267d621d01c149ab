"""A long article in the shown window: its first screen first, the rest of its layer after, edits at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from annotator.store.layer import DocumentLayer
from annotator.store.project import NewEvent, NewSpan
from annotator.ui.main_window import MainWindow

SENTENCE = "Rebels near Raqqa said officials of Aleppo met Bob Smith on Monday."
CTRL = Qt.KeyboardModifier.ControlModifier


def add_long_document(window: MainWindow, sentences: int = 6_000) -> int:
    """About 400 KB with 12,000 spans and 600 events (one argument each), by annotator "tester"."""
    project = window.project
    text = "\n\n".join(" ".join([SENTENCE] * 5) for _ in range(sentences // 5))
    doc_id = project.add_document(text, title="Long")
    spans = []
    start = text.find("Rebels")
    while start >= 0:
        spans.append(NewSpan(start + 12, start + 17, "GPE"))  # Raqqa
        spans.append(NewSpan(start + 47, start + 56, "PER"))  # Bob Smith
        start = text.find("Rebels", start + 1)
    assert len(spans) == 2 * sentences
    project.add_spans(doc_id, "tester", spans)
    stored = project.spans(doc_id, "tester")
    project.add_events(
        doc_id,
        "tester",
        [
            NewEvent("Conflict:Attack", s.start, s.end, (("Target", stored[i + 1].id),))
            for i, s in enumerate(stored[:-1])
            if i % 20 == 0
        ],
    )
    return doc_id


def whole(window: MainWindow, doc_id: int) -> DocumentLayer:
    return DocumentLayer(window.project, window.project.document(doc_id), "tester")


def test_a_long_article_shows_its_first_screen_then_loads_the_rest_and_fills_the_panels(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    doc_id = add_long_document(window)
    window.open_document(doc_id)
    layer = window.layer
    assert layer is not None
    assert not layer.loaded
    assert window.span_model.rowCount() == 0
    assert window.events.model.rowCount() == 0
    QCoreApplication.processEvents()  # the first frame
    assert window.text_view._visible_pieces(window.text_view.viewport().rect().toRectF())
    qtbot.waitUntil(lambda: layer.loaded and window.events.model.rowCount() == 600, timeout=5000)
    expected = whole(window, doc_id)
    assert list(layer.spans) == list(expected.spans)
    assert list(layer.events) == list(expected.events)
    assert window.span_model.rowCount() == 12_000
    assert window.entity_panel.count_label.text() == "12000 spans"


def test_tag_a_span_at_once_after_opening_then_undo_it(qtbot: QtBot, main_window: MainWindow) -> None:
    window = main_window
    doc_id = add_long_document(window)
    window.open_document(doc_id)
    layer = window.layer
    assert layer is not None
    assert not layer.loaded
    text = layer.text
    start = text.index("Monday")  # on the first screen, no span yet
    window.text_view.select_offsets(start, start + len("Monday"))
    window.tag("TIME")  # before the rest of the layer has loaded: the edit loads it first
    assert layer.loaded
    tagged = layer.spans.exact(start, start + len("Monday"))
    assert [s.label for s in tagged] == ["TIME"]
    far = text.rindex("Monday")  # far beyond the first screen
    window.text_view.select_offsets(far, far + len("Monday"))
    window.tag("TIME")
    assert list(layer.spans) == list(whole(window, doc_id).spans)
    qtbot.waitUntil(lambda: window.span_model.rowCount() == 12_002, timeout=5000)

    window.activateWindow()
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.text_view, Qt.Key.Key_Z, CTRL)
    assert list(layer.spans) == list(whole(window, doc_id).spans)
    assert len(layer.spans) == 12_000
    assert window.span_model.rowCount() == 12_000


def test_a_click_on_the_first_screen_before_the_rest_loads_can_delete_that_span(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    doc_id = add_long_document(window)
    window.open_document(doc_id)
    view = window.text_view
    QCoreApplication.processEvents()
    layer = window.layer
    assert layer is not None
    raqqa = layer.text.index("Raqqa", 2_000)
    cursor = view.textCursor()
    cursor.setPosition(view.offset_map.to_qt(raqqa) + 1)
    view.setTextCursor(cursor)
    assert not layer.loaded
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
    current = view.current_span()
    assert current is not None
    assert current.start == raqqa
    assert layer.loaded
    window.delete_spans()
    assert current.id not in layer.spans
    assert list(layer.spans) == list(whole(window, doc_id).spans)


def test_closing_the_window_while_the_rest_loads_shows_no_error(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = main_window
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(str(args[-1])))
    window.open_document(add_long_document(window))
    QCoreApplication.processEvents()  # the first frame; the rest is still to load
    assert window.layer is not None
    assert not window.layer.loaded
    window.close()  # closes the project file too
    qtbot.wait(200)
    assert warnings == []


def test_review_mode_at_once_after_opening_then_back_to_the_whole_own_layer(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    window = main_window
    doc_id = add_long_document(window)
    window.open_document(doc_id)
    own = window.layer
    assert own is not None
    assert not own.loaded
    assert window.enter_review(doc_id)  # before the rest of the own layer has loaded
    gold = window.layer
    assert gold is not own
    assert gold.loaded
    start = gold.text.index("Monday")
    window.text_view.select_offsets(start, start + len("Monday"))
    window.tag("TIME")
    assert [s.label for s in gold.spans] == ["TIME"]
    assert [s.label for s in window.project.spans(doc_id, "gold")] == ["TIME"]
    qtbot.waitUntil(lambda: window.span_model.rowCount() == 1, timeout=5000)
    window.leave_review()
    assert window.layer is own
    qtbot.waitUntil(lambda: own.loaded and window.span_model.rowCount() == 12_000, timeout=5000)
    assert list(own.spans) == list(whole(window, doc_id).spans)
    qtbot.waitUntil(lambda: window.events.model.rowCount() == 600, timeout=5000)
