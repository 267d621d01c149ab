"""Drive the main window like an annotator, then read what the SQLite file holds."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from pytestqt.qtbot import QtBot

from annotator.ui.main_window import MainWindow
from tests.ui.conftest import ARTICLE

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def double_click_word(qtbot: QtBot, window: MainWindow, word: str) -> None:
    """Double-click inside a word of the shown article."""
    view = window.text_view
    cursor = view.document().find(word)
    assert not cursor.isNull(), word
    cursor.setPosition(cursor.selectionStart() + 1)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def drag_select(qtbot: QtBot, window: MainWindow, phrase: str) -> None:
    """Select a phrase by dragging from inside its first character to inside its last."""
    view = window.text_view
    found = view.document().find(phrase)
    assert not found.isNull(), phrase
    a = QTextCursor(view.document())
    a.setPosition(found.selectionStart())
    b = QTextCursor(view.document())
    b.setPosition(found.selectionEnd() - 1)
    start = view.cursorRect(a).center()
    start.setX(start.x() + 2)
    end = view.cursorRect(b).center()
    end.setX(end.x() + 3)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), pos=end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)


def stored_spans(path: str) -> list[tuple[int, int, str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT s.start, s.end, s.label, a.name, d.text FROM spans s JOIN annotators a "
            "ON a.id = s.annotator_id JOIN documents d ON d.id = s.doc_id ORDER BY s.start"
        ).fetchall()


def test_label_spans_by_keyboard_and_mouse_undo_one_close_and_read_the_file(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    path = str(main_window.project.path)
    view = main_window.text_view
    assert view.text == ARTICLE  # the emoji comes before every span below

    double_click_word(qtbot, main_window, "Baghouz")
    qtbot.keyClick(view, Qt.Key.Key_G)  # GPE

    drag_select(qtbot, main_window, "Syrian Democratic Forces")
    qtbot.keyClick(view, Qt.Key.Key_O)  # ORG

    # Keyboard only: put the caret before "Mustafa" and extend over two words with Shift+Ctrl+Right.
    cursor = view.document().find("Mustafa")
    cursor.setPosition(cursor.selectionStart())
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_P)  # PER

    double_click_word(qtbot, main_window, "Tuesday")
    qtbot.keyClick(view, Qt.Key.Key_T)  # TIME

    double_click_word(qtbot, main_window, "Hasakah")
    main_window.findChild(QAction, "label.LOC").trigger()  # the palette button's action
    # With the new span selected, a label key relabels it.
    qtbot.keyClick(view, Qt.Key.Key_G)

    assert main_window.entity_panel.model.rowCount() == 5
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo the relabel: Hasakah is LOC again
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # undo tagging Hasakah
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)  # redo it
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # and undo it again
    assert main_window.entity_panel.model.rowCount() == 4
    counts = main_window.document_panel.model
    assert counts.summary(main_window.layer.document.id).entity_count == 4

    main_window.close()

    rows = stored_spans(path)
    assert [(text[s:e], label, who) for s, e, label, who, text in rows] == [
        ("Baghouz", "GPE", "tester"),
        ("Tuesday", "TIME", "tester"),
        ("Syrian Democratic Forces", "ORG", "tester"),
        ("Mustafa Bali", "PER", "tester"),
    ]
    start = ARTICLE.index("Baghouz")
    assert rows[0][:2] == (start, start + len("Baghouz"))


def test_delete_key_removes_the_current_span_and_undo_restores_it_with_its_id(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    view = main_window.text_view
    double_click_word(qtbot, main_window, "Hasakah")
    qtbot.keyClick(view, Qt.Key.Key_G)
    span = main_window.layer.spans[0]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(main_window.layer.spans) == 0
    assert stored_spans(str(main_window.project.path)) == []
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert main_window.layer.spans[0] == span
    assert len(stored_spans(str(main_window.project.path))) == 1


def test_entity_panel_row_selects_text_and_label_key_relabels(qtbot: QtBot, main_window: MainWindow) -> None:
    view = main_window.text_view
    double_click_word(qtbot, main_window, "Hasakah")
    qtbot.keyClick(view, Qt.Key.Key_L)
    view.set_current_span(None)
    table = main_window.entity_panel.view
    table.setFocus()
    index = main_window.entity_panel.model.index(0, 0)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert view.textCursor().selectedText() == "Hasakah"
    qtbot.keyClick(table, Qt.Key.Key_G)
    assert main_window.layer.spans[0].label == "GPE"
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert len(main_window.layer.spans) == 0


def test_mark_done_goes_to_next_and_status_is_saved(qtbot: QtBot, main_window: MainWindow) -> None:
    first = main_window.layer.document.id
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_Return, CTRL)
    assert main_window.layer.document.id != first
    assert main_window.project.document_status(first) == "done"
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_PageUp, CTRL)
    assert main_window.layer.document.id == first
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_Z, CTRL)
    assert main_window.project.document_status(first) == "new"


def test_document_filter_narrows_the_list(qtbot: QtBot, main_window: MainWindow) -> None:
    panel = main_window.document_panel
    qtbot.keyClicks(panel.filter, "arab")
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "Arabic"


def test_window_layout_is_remembered(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.document_dock.hide()
    project = main_window.project
    main_window.close()
    again = MainWindow(project.open(project.path), "tester")
    qtbot.addWidget(again)
    again.show()
    assert again.document_dock.isHidden()


def test_label_changed_in_place_in_the_entity_panel_is_saved_and_undoable(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    from PySide6.QtWidgets import QComboBox

    from annotator.ui.qtmodels.span_table import LABEL

    double_click_word(qtbot, main_window, "Hasakah")
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_L)
    table = main_window.entity_panel.view
    index = main_window.entity_panel.model.index(0, LABEL)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the platform's edit key opens the label list
    editor = table.findChild(QComboBox)
    assert editor is not None
    assert editor.currentText() == "LOC"
    row = editor.findText("GPE")
    editor.setCurrentIndex(row)
    editor.activated.emit(row)  # what clicking GPE in the open list does
    span = main_window.layer.spans[0]
    assert span.label == "GPE"
    assert main_window.project.spans(main_window.layer.document.id)[0].label == "GPE"
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_Z, CTRL)
    assert main_window.project.spans(main_window.layer.document.id)[0].label == "LOC"


def test_only_recent_documents_keep_their_layers_and_undo(qtbot: QtBot, main_window: MainWindow) -> None:
    from annotator.ui.main_window import MAX_KEPT_DOCUMENTS

    project = main_window.project
    first = main_window.layer.document.id
    double_click_word(qtbot, main_window, "Hasakah")
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_G)
    for i in range(MAX_KEPT_DOCUMENTS + 3):
        main_window.open_document(project.add_document(f"Filler article {i} about Homs."))
    assert len(main_window._layers) == MAX_KEPT_DOCUMENTS
    assert first not in main_window._layers
    main_window.open_document(first)  # read again from the file
    assert [s.text_in(ARTICLE) for s in main_window.layer.spans] == ["Hasakah"]
    assert not main_window.undo_group.canUndo()  # its history went with it
    double_click_word(qtbot, main_window, "Baghouz")
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_G)
    qtbot.keyClick(main_window.text_view, Qt.Key.Key_Z, CTRL)
    assert [s.text_in(ARTICLE) for s in main_window.layer.spans] == ["Hasakah"]
