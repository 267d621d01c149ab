"""The agreement dialog: the model's figures in the heatmap, the bars and the tables; documents open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from annotator.model.agreement import Agreement
from annotator.store.agreement import project_agreement
from annotator.store.project import Project
from annotator.ui.agreement_dialog import PAIR_FIGURES, AgreementDialog
from annotator.ui.charts import format_value
from tests.ui.agreement_samples import THREE_ANNOTATORS, add_layers, document_id


@pytest.fixture
def labelled(project: Project) -> Project:
    add_layers(project, THREE_ANNOTATORS)
    return project


@pytest.fixture
def dialog(qtbot: QtBot, labelled: Project) -> AgreementDialog:
    widget = AgreementDialog(labelled)
    qtbot.addWidget(widget)
    return widget


def expected(project: Project) -> Agreement:
    return project_agreement(project)


def test_heatmap_shows_each_pair_figure(dialog: AgreementDialog, labelled: Project) -> None:
    agreement = expected(labelled)
    names = list(agreement.annotators)
    assert dialog.heatmap.names() == names == ["lena", "maria", "omar"]
    pairs = {frozenset((p.a, p.b)): p for p in agreement.pairs}
    for index, (attribute, title) in enumerate(PAIR_FIGURES):
        dialog.metric_combo.setCurrentIndex(index)
        assert dialog.metric_combo.currentText() == title
        for row, a in enumerate(names):
            for column, b in enumerate(names):
                value = dialog.heatmap.value(row, column)
                if a == b:
                    assert value is None
                else:
                    assert value == getattr(pairs[frozenset((a, b))], attribute), (attribute, a, b)


def test_heatmap_figures_differ_between_pairs(dialog: AgreementDialog) -> None:
    dialog.metric_combo.setCurrentIndex(0)
    maria_omar = dialog.heatmap.value(1, 2)
    lena_maria = dialog.heatmap.value(0, 1)
    assert maria_omar is not None
    assert lena_maria is not None
    assert maria_omar > lena_maria  # maria and omar agree more than lena with anyone
    assert dialog.heatmap.cell_color(1, 2) != dialog.heatmap.cell_color(0, 1)


def test_overall_figures(dialog: AgreementDialog, labelled: Project) -> None:
    agreement = expected(labelled)
    figures = dialog._figures
    assert figures["alpha"].value.text() == format_value(agreement.krippendorff_alpha, 3)
    assert figures["fleiss"].value.text() == format_value(agreement.fleiss_kappa, 3)
    assert figures["fleiss"].note.text() == "over 3 documents"
    assert figures["exact"].value.text() == format_value(agreement.overall.span_f1_exact, 3)
    assert figures["overlap"].value.text() == format_value(agreement.overall.span_f1_overlap, 3)
    assert figures["trigger"].value.text() == "n/a"  # no events
    assert "3 annotators (lena, maria, omar) over 3 documents" in dialog.summary.text()


def test_bars_per_label(dialog: AgreementDialog, labelled: Project) -> None:
    agreement = expected(labelled)
    assert dialog.bars.categories() == sorted(agreement.per_label)
    assert dialog.bars.categories() == ["GPE", "LOC", "ORG", "PER"]


def test_pairs_table(dialog: AgreementDialog, labelled: Project) -> None:
    agreement = expected(labelled)
    model = dialog.pair_table.model()
    assert model.rowCount() == len(agreement.pairs) == 3
    rows = {
        (model.index(r, 0).data(), model.index(r, 1).data()): [
            model.index(r, c).data() for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }
    for pair in agreement.pairs:
        row = rows[(pair.a, pair.b)]
        assert row[2] == str(pair.documents)
        assert row[4] == format_value(pair.span_f1_exact, 3)
        assert row[6] == format_value(pair.cohen_kappa, 3)
    exact = [model.index(r, 4).data() for r in range(model.rowCount())]
    assert exact == sorted(exact)  # worst pair first


def test_documents_worst_first_and_sortable(dialog: AgreementDialog, labelled: Project) -> None:
    agreement = expected(labelled)
    by_alpha = sorted(agreement.per_document.values(), key=lambda d: d.krippendorff_alpha or 2.0)
    assert dialog.document_ids() == [d.doc_id for d in by_alpha]
    worst = by_alpha[0]
    assert dialog.document_table.model().index(0, 0).data() == worst.title
    disagreements = dialog.DOCUMENT_COLUMNS.index("Disagreements")
    dialog.document_table.sortByColumn(disagreements, Qt.SortOrder.DescendingOrder)
    counts = [agreement.per_document[d].disagreements for d in dialog.document_ids()]
    assert counts == sorted(counts, reverse=True)
    dialog.document_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    titles = [agreement.per_document[d].title for d in dialog.document_ids()]
    assert titles == sorted(titles, key=str.casefold)


def test_double_click_emits_the_document(qtbot: QtBot, dialog: AgreementDialog, labelled: Project) -> None:
    dialog.show()
    table = dialog.document_table
    wanted = document_id(labelled, "Talks in Geneva")
    row = dialog.document_ids().index(wanted)
    rect = table.visualRect(table.model().index(row, 2))
    chosen: list[int] = []
    dialog.document_chosen.connect(chosen.append)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen == []  # a single click only selects
    with qtbot.waitSignal(dialog.document_chosen) as blocker:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [wanted]
    assert chosen == [wanted]


def test_enter_opens_the_current_document(qtbot: QtBot, dialog: AgreementDialog) -> None:
    dialog.show()
    table = dialog.document_table
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    with qtbot.waitSignal(dialog.document_chosen) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [dialog.document_ids()[1]]


def test_fewer_than_two_annotators_shows_why(qtbot: QtBot, project: Project) -> None:
    add_layers(project, {"maria": THREE_ANNOTATORS["maria"]})
    widget = AgreementDialog(project)
    qtbot.addWidget(widget)
    assert widget.agreement is None
    assert widget.stack.currentWidget() is widget.message
    assert widget.message.text() == (
        "No agreement figures: agreement needs labels by at least two annotators; "
        "the project has labels by maria only."
    )
    add_layers(project, {"omar": THREE_ANNOTATORS["omar"]})
    widget.refresh()
    assert widget.stack.currentWidget() is widget.content
    assert widget.heatmap.names() == ["maria", "omar"]


def test_recompute_picks_up_new_labels(qtbot: QtBot, dialog: AgreementDialog, labelled: Project) -> None:
    before = dialog.agreement
    add_layers(labelled, {"kim": {"Flood in Raqqa": [("Raqqa", "GPE")]}})
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.agreement is not None
    assert dialog.agreement != before
    assert "kim" in dialog.heatmap.names()


def test_renders(dialog: AgreementDialog) -> None:
    dialog.resize(1100, 760)
    image = dialog.grab().toImage()
    assert not image.isNull()
    assert image.width() == 1100


def test_a_closed_project_shows_why_instead_of_failing(qtbot: QtBot, dialog: AgreementDialog) -> None:
    dialog.project.close()
    dialog.refresh()
    assert dialog.agreement is None
    assert dialog.stack.currentWidget() is dialog.message
    assert dialog.message.text().startswith("No agreement figures: ")
