"""The review panel, its units model and the annotators' overlay in the text view."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from annotator.model.agreement import Layer
from annotator.model.events import Event, EventList
from annotator.model.review import Decision, ReviewUnit, review_units
from annotator.model.schema import default_schema
from annotator.model.spans import Span, SpanList
from annotator.ui.panels.review_panel import ReviewPanel
from annotator.ui.qtmodels.review_units import KIND, WHERE, ReviewUnitsModel, UnitRole, version_text
from annotator.ui.review_overlay import OverlayLayer, ReviewOverlay, annotator_color
from annotator.ui.text_view import TextView

TEXT = "Mustafa Bali met SDF officials in Baghouz on Tuesday."
BALI, SDF, BAGHOUZ, TUESDAY = (0, 12), (17, 20), (34, 41), (45, 52)


def units(decisions: dict[str, Decision] | None = None) -> list[ReviewUnit]:
    alice = Layer([(*BALI, "PER"), (*SDF, "ORG"), (*BAGHOUZ, "GPE"), (*TUESDAY, "TIME")])
    bob = Layer([(0, 7, "PER"), (*BAGHOUZ, "LOC"), (*TUESDAY, "TIME")])
    return review_units({"alice": alice, "bob": bob}, decisions or {})


def accepted(key: str, who: str = "alice") -> dict[str, Decision]:
    return {key: Decision(key, "accept", who, "rita", "2026-01-01T00:00:00Z")}


def make_model() -> ReviewUnitsModel:
    model = ReviewUnitsModel()
    model.set_content(TEXT, ["alice", "bob"], units())
    return model


def row_texts(model: ReviewUnitsModel) -> list[str]:
    return [model.index(row, WHERE).data() for row in range(model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = make_model()
    qtmodeltester.check(model)
    model.set_filter("open")
    model.update_units(units(accepted("span:0-12")))
    qtmodeltester.check(model)


def test_rows_say_who_said_what_and_the_differences() -> None:
    model = make_model()
    assert model.columnCount() == 6
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Kind", "Where", "1 alice", "2 bob", "Differences", "Decision"]
    assert row_texts(model) == ["Mustafa Bali", "SDF", "Baghouz"]  # Tuesday is agreed
    assert [model.index(0, c).data() for c in range(6)] == [
        "Span",
        "Mustafa Bali",
        "PER “Mustafa Bali”",
        "PER “Mustafa”",
        "boundaries",
        "",
    ]
    assert model.index(1, 3).data() == "—"
    assert model.index(2, 4).data() == "label"
    assert model.index(0, 0).data(UnitRole).key == "span:0-12"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole) == annotator_color(
        0
    )


def test_filters_and_decisions_move_rows_one_by_one(qtbot: QtBot) -> None:
    model = make_model()
    model.set_filter("all")
    assert row_texts(model) == ["Mustafa Bali", "SDF", "Baghouz", "Tuesday"]
    assert model.index(3, 4).data() == "agreed"
    model.set_filter("open")
    with qtbot.waitSignal(model.rowsRemoved) as removed, qtbot.assertNotEmitted(model.modelReset):
        model.update_units(units(accepted("span:17-20")))
    assert removed.args[1:] == [1, 1]
    assert row_texts(model) == ["Mustafa Bali", "Baghouz", "Tuesday"]
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.update_units(units())  # the decision was undone
    assert inserted.args[1:] == [1, 1]
    model.set_filter("disagreements")
    model.update_units(units(accepted("span:17-20", "alice")))
    assert model.index(1, 5).data() == "✓ alice · rita"
    assert model.index(1, 2).data(Qt.ItemDataRole.FontRole).bold()


def test_other_units_reset_the_model(qtbot: QtBot) -> None:
    model = make_model()
    fewer = [u for u in units() if u.key != "span:17-20"]
    with qtbot.waitSignal(model.modelReset):
        model.update_units(fewer)
    assert row_texts(model) == ["Mustafa Bali", "Baghouz"]


def test_event_versions_read_on_one_line() -> None:
    event = ("Movement:Transport", 13, 16, (("Artifact", 0, 12, "PER"), ("Destination", 34, 41, "GPE")))
    assert version_text("event", [event], TEXT) == (
        "Movement:Transport “met” [Artifact “Mustafa Bali”, Destination “Baghouz”]"
    )
    assert version_text("span", [], TEXT) == "—"


def test_panel_buttons_ask_for_decisions_and_rows_choose_units(qtbot: QtBot) -> None:
    model = make_model()
    panel = ReviewPanel(model)
    qtbot.addWidget(panel)
    shows = [QAction(f"Show {name}", panel, checkable=True) for name in ("alice", "bob")]
    panel.set_annotators(["alice", "bob"], shows)
    assert [b.text() for b in panel.accept_buttons] == ["Accept alice", "Accept bob"]
    with qtbot.waitSignal(panel.accept_requested) as asked:
        qtbot.mouseClick(panel.accept_buttons[1], Qt.MouseButton.LeftButton)
    assert asked.args == [2]
    with qtbot.waitSignal(panel.reject_requested):
        qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.accept_agreements_requested):
        qtbot.mouseClick(panel.agreements_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.unit_chosen) as chosen:
        panel.view.selectRow(2)
    assert chosen.args[0].key == "span:34-41"
    with qtbot.assertNotEmitted(panel.unit_chosen):
        panel.show_unit("span:0-12")
    current = panel.current_unit()
    assert current is not None
    assert current.key == "span:0-12"
    panel.filter.setCurrentIndex(panel.filter.findData("all"))
    assert model.rowCount() == 4
    panel.set_annotators(["alice"], shows[:1])
    assert [b.text() for b in panel.accept_buttons] == ["Accept alice"]
    assert model.columnCount() == 6  # the model's columns follow set_content, not the buttons
    assert panel.view.horizontalHeader().sectionSize(KIND) > 0


def colour_near(image: object, rect: QRect, color: str) -> bool:
    from PySide6.QtGui import QColor, QImage

    assert isinstance(image, QImage)
    wanted = QColor(color)
    for y in range(rect.top(), rect.bottom()):
        for x in range(rect.left(), rect.right()):
            pixel = image.pixelColor(x, y)
            if (
                abs(pixel.red() - wanted.red())
                + abs(pixel.green() - wanted.green())
                + abs(pixel.blue() - wanted.blue())
                < 40
            ):
                return True
    return False


def test_overlay_draws_each_shown_layer_under_its_spans(qtbot: QtBot) -> None:
    view = TextView()
    qtbot.addWidget(view)
    view.resize(700, 200)
    view.set_content(TEXT, SpanList([Span(1, *BAGHOUZ, "GPE", "gold")]), default_schema())
    view.show()
    overlay = ReviewOverlay(view)
    alice = OverlayLayer("alice", annotator_color(0), SpanList([Span(2, *SDF, "ORG", "alice")]))
    bob = OverlayLayer(
        "bob", annotator_color(1), SpanList(), EventList([Event(3, "Contact:Meet", 13, 16, "bob")])
    )
    overlay.set_layers([alice, bob])
    overlay.install()
    overlay.install()  # once only
    assert view.overlay_painters == [overlay.paint]

    def under(start: int, end: int) -> QRect:
        cursor = view.textCursor()
        cursor.setPosition(view.offset_map.to_qt(start))
        left = view.cursorRect(cursor)
        cursor.setPosition(view.offset_map.to_qt(end))
        right = view.cursorRect(cursor)
        return QRect(left.left(), left.bottom(), right.left() - left.left(), 16)

    image = view.viewport().grab().toImage()
    assert colour_near(image, under(*SDF), alice.color.name())
    assert colour_near(image, under(13, 16), bob.color.name())
    assert not colour_near(image, under(*BAGHOUZ), alice.color.name())
    assert "ORG “SDF”" in overlay.tooltip_rows(SDF[0])
    overlay.set_visible("alice", False)
    image = view.viewport().grab().toImage()
    assert not colour_near(image, under(*SDF), alice.color.name())
    assert overlay.tooltip_rows(SDF[0]) == ""
    overlay.set_focus(BAGHOUZ, [(annotator_color(1), "2 LOC")])
    assert overlay.focus == BAGHOUZ
    overlay.uninstall()
    assert view.overlay_painters == []
    assert view.tooltip_sources == []
