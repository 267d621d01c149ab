"""The OffsetMap agrees with a real QTextDocument, built the way the text view builds it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextCursor

from annotator.model.offsets import OffsetMap
from annotator.ui.text_view import build_document
from tests.conftest import ADVERSARIAL_TEXTS


@pytest.mark.parametrize("name", sorted(ADVERSARIAL_TEXTS))
def test_document_length_and_every_span_text(qapp: object, name: str) -> None:
    text = ADVERSARIAL_TEXTS[name]
    document = build_document(text, QFont())
    omap = OffsetMap(text)
    assert document.characterCount() - 1 == omap.qt_length
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            a, b = omap.span_to_qt(start, end)
            cursor = QTextCursor(document)
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            if text[start - 1 : start + 1] == "\r\n" or text[end - 1 : end + 1] == "\r\n":
                continue  # an edge between CR and LF has no Qt position; the unit tests cover it
            # Qt's selectedText uses U+2029 for every block break; the stored text has its own breaks.
            expected = (
                text[start:end].replace("\r\n", "\u2029").replace("\r", "\u2029").replace("\n", "\u2029")
            )
            assert cursor.selectedText() == expected, (name, start, end)


def test_markup_is_shown_as_text(qapp: object) -> None:
    text = "<b>not bold</b> &amp; <script>x</script>"
    document = build_document(text, QFont())
    assert document.toPlainText() == text
    assert document.toHtml().count("<b>") == 0
