"""Review > Agreement: how far the annotators agree, as a pairwise heatmap, per-label bars and tables.

The figures come from ``annotator.store.agreement.project_agreement``, the same ones
``annotator agreement`` prints. Double-clicking a document emits ``document_chosen`` so the window can
open it (in review mode when it has one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.model.agreement import Agreement, DocumentAgreement, PairAgreement
from annotator.model.errors import AnnotatorError
from annotator.store.agreement import project_agreement
from annotator.store.project import Project
from annotator.ui.charts import BarChart, HeatmapChart, format_value, mute

SortRole = Qt.ItemDataRole.UserRole + 1
DocIdRole = Qt.ItemDataRole.UserRole + 2

PAIR_FIGURES: tuple[tuple[str, str], ...] = (
    ("span_f1_exact", "Span F1 (exact)"),
    ("span_f1_overlap", "Span F1 (overlap)"),
    ("cohen_kappa", "Cohen's κ (tokens)"),
    ("event_trigger_f1", "Event trigger F1"),
    ("event_argument_f1", "Event argument F1"),
)
"""The figures the heatmap can show: PairAgreement attribute and title."""

UNDEFINED_LAST = 2.0  # an undefined figure sorts after every real one (all are at most 1)


def _item(text: str, sort: float | str | None = None, tip: str = "") -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SortRole)
    if tip:
        item.setToolTip(tip)
    return item


def _figure_item(value: float | None) -> QStandardItem:
    item = _item(format_value(value, 3), UNDEFINED_LAST if value is None else value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _count_item(value: int) -> QStandardItem:
    item = _item(f"{value:,}", float(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _table(model: QStandardItemModel, parent: QWidget) -> QTableView:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class _Figure(QFrame):
    """A caption over one large number."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("–", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption, self)
        self.note = QLabel("", self)
        mute(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.note)

    def set(self, value: str, note: str = "", tip: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)
        self.setToolTip(tip)


class AgreementDialog(QDialog):
    """Every agreement figure of a project; ``refresh`` computes them again after more labelling."""

    document_chosen = Signal(int)

    PAIR_COLUMNS = (
        "Annotator A",
        "Annotator B",
        "Documents",
        "Tokens",
        "Span F1 exact",
        "Span F1 overlap",
        "Cohen's κ",
        "Token agreement",
        "Trigger F1",
        "Argument F1",
    )
    DOCUMENT_COLUMNS = (
        "Document",
        "Annotators",
        "Tokens",
        "Disagreements",
        "Disagreeing tokens",
        "Krippendorff's α",
        "Span F1 exact (mean)",
        "Fleiss' κ",
    )
    ALPHA_COLUMN = 5

    def __init__(
        self,
        project: Project,
        parent: QWidget | None = None,
        compute: Callable[[Project], Agreement] = project_agreement,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle("Agreement between annotators")
        self.project = project
        self._compute = compute
        self.agreement: Agreement | None = None
        self.resize(1180, 820)

        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setObjectName("agreement_message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.message)
        self.content = QWidget(self)
        self.stack.addWidget(self.content)

        self._figures = {
            "alpha": _Figure("Krippendorff's α (tokens)", self),
            "fleiss": _Figure("Fleiss' κ (3+ annotators)", self),
            "kappa": _Figure("Cohen's κ (mean of pairs)", self),
            "exact": _Figure("Span F1 exact", self),
            "overlap": _Figure("Span F1 overlap", self),
            "trigger": _Figure("Event trigger F1", self),
            "argument": _Figure("Event argument F1", self),
        }
        figures = QHBoxLayout()
        for figure in self._figures.values():
            figures.addWidget(figure)

        self.metric_combo = QComboBox(self)
        self.metric_combo.setObjectName("agreement_metric")
        for attribute, title in PAIR_FIGURES:
            self.metric_combo.addItem(title, attribute)
        self.metric_combo.currentIndexChanged.connect(self._show_heatmap)
        self.heatmap = HeatmapChart(self)
        heat_box = QGroupBox("Pairs of annotators", self)
        heat_layout = QVBoxLayout(heat_box)
        picker = QHBoxLayout()
        picker.addWidget(QLabel("Colour by:", heat_box))
        picker.addWidget(self.metric_combo)
        picker.addStretch(1)
        heat_layout.addLayout(picker)
        heat_layout.addWidget(self.heatmap, 1)

        self.bars = BarChart(self)
        bars_scroll = QScrollArea(self)
        bars_scroll.setWidgetResizable(True)
        bars_scroll.setFrameShape(QFrame.Shape.NoFrame)
        bars_scroll.setWidget(self.bars)
        bars_box = QGroupBox("Span F1 per label (all pairs pooled)", self)
        bars_layout = QVBoxLayout(bars_box)
        bars_layout.addWidget(bars_scroll)

        charts = QSplitter(Qt.Orientation.Horizontal, self)
        charts.addWidget(heat_box)
        charts.addWidget(bars_box)
        charts.setStretchFactor(0, 1)
        charts.setStretchFactor(1, 1)

        self.pair_model = QStandardItemModel(0, len(self.PAIR_COLUMNS), self)
        self.pair_model.setHorizontalHeaderLabels(list(self.PAIR_COLUMNS))
        self.pair_table = _table(self.pair_model, self)
        self.pair_table.setObjectName("agreement_pairs")
        self.document_model = QStandardItemModel(0, len(self.DOCUMENT_COLUMNS), self)
        self.document_model.setHorizontalHeaderLabels(list(self.DOCUMENT_COLUMNS))
        self.document_table = _table(self.document_model, self)
        self.document_table.setObjectName("agreement_documents")
        self.document_table.setToolTip("Double-click a document (or press Enter) to open it")
        # activated: a double-click (or the platform's single click) and Enter alike.
        self.document_table.activated.connect(self._document_activated)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.document_table, "Documents (worst first)")
        self.tabs.addTab(self.pair_table, "Pairs")

        body = QSplitter(Qt.Orientation.Vertical, self)
        body.addWidget(charts)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.summary)
        content_layout.addLayout(figures)
        content_layout.addWidget(body, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.refresh_button = QPushButton("&Recompute", self)
        self.refresh_button.setToolTip("Compute the figures again from the labels as they are now")
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(buttons)
        self.refresh()

    # -- computing ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Compute the figures from the project as it is now and show them (or why there are none)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            agreement = self._compute(self.project)
        except (AnnotatorError, sqlite3.Error) as exc:
            self.agreement = None
            self.message.setText(f"No agreement figures: {exc}.")
            self.stack.setCurrentWidget(self.message)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.agreement = agreement
        self._show(agreement)
        self.stack.setCurrentWidget(self.content)

    def _show(self, agreement: Agreement) -> None:
        names = ", ".join(agreement.annotators)
        self.summary.setText(
            f"{len(agreement.annotators)} annotators ({names}) over {agreement.documents:,} documents that "
            "two or more of them labelled. Pairs compare the documents both labelled; token figures give "
            "each token the label of the longest span over it (O for none); n/a: nothing to measure."
        )
        overall = agreement.overall
        fleiss_note = (
            f"over {agreement.fleiss_documents:,} documents"
            if agreement.fleiss_documents
            else "no document has 3+ annotators"
        )
        self._figures["alpha"].set(format_value(agreement.krippendorff_alpha, 3), "nominal")
        self._figures["fleiss"].set(format_value(agreement.fleiss_kappa, 3), fleiss_note)
        self._figures["kappa"].set(format_value(overall.cohen_kappa, 3), f"{len(agreement.pairs)} pairs")
        self._figures["exact"].set(
            format_value(overall.span_f1_exact, 3), f"{overall.exact_matches:,} matched spans"
        )
        self._figures["overlap"].set(
            format_value(overall.span_f1_overlap, 3), f"{overall.overlap_matches:,} matched spans"
        )
        self._figures["trigger"].set(format_value(overall.event_trigger_f1, 3), "type + trigger")
        self._figures["argument"].set(format_value(overall.event_argument_f1, 3), "role + filler")
        self._show_heatmap()
        labels = sorted(agreement.per_label.values(), key=lambda item: item.label)
        self.bars.set_data(
            [item.label for item in labels],
            ["exact", "overlap"],
            [[item.span_f1_exact, item.span_f1_overlap] for item in labels],
            [f"{item.spans:,} spans" for item in labels],
        )
        self._fill_pairs(agreement.pairs)
        self._fill_documents(list(agreement.per_document.values()))

    def _show_heatmap(self) -> None:
        agreement = self.agreement
        if agreement is None:
            return
        attribute = str(self.metric_combo.currentData())
        names = list(agreement.annotators)
        pairs = {(p.a, p.b): p for p in agreement.pairs}
        values: list[list[float | None]] = []
        for a in names:
            row: list[float | None] = []
            for b in names:
                pair = pairs.get((a, b)) or pairs.get((b, a))
                row.append(None if pair is None else getattr(pair, attribute))
            values.append(row)
        self.heatmap.set_data(names, values, low=0.0, high=1.0)
        self.heatmap.setToolTip("")

    def _fill_pairs(self, pairs: Sequence[PairAgreement]) -> None:
        self.pair_model.removeRows(0, self.pair_model.rowCount())
        for pair in pairs:
            self.pair_model.appendRow(
                [
                    _item(pair.a),
                    _item(pair.b),
                    _count_item(pair.documents),
                    _count_item(pair.tokens),
                    _figure_item(pair.span_f1_exact),
                    _figure_item(pair.span_f1_overlap),
                    _figure_item(pair.cohen_kappa),
                    _figure_item(pair.token_agreement),
                    _figure_item(pair.event_trigger_f1),
                    _figure_item(pair.event_argument_f1),
                ]
            )
        self.pair_table.sortByColumn(4, Qt.SortOrder.AscendingOrder)

    def _fill_documents(self, documents: Sequence[DocumentAgreement]) -> None:
        """One row per document, worst first: lowest alpha, then most disagreements."""
        self.document_model.removeRows(0, self.document_model.rowCount())

        def worst(doc: DocumentAgreement) -> tuple[float, int, int]:
            alpha = UNDEFINED_LAST if doc.krippendorff_alpha is None else doc.krippendorff_alpha
            return alpha, -doc.disagreements, doc.doc_id

        for doc in sorted(documents, key=worst):
            title = doc.title or f"Document {doc.doc_id}"
            name = _item(title, title.casefold(), f"#{doc.doc_id} {title}")
            name.setData(doc.doc_id, DocIdRole)
            self.document_model.appendRow(
                [
                    name,
                    _item(", ".join(doc.annotators)),
                    _count_item(doc.tokens),
                    _count_item(doc.disagreements),
                    _count_item(doc.disagreeing_tokens),
                    _figure_item(doc.krippendorff_alpha),
                    _figure_item(_mean([p.span_f1_exact for p in doc.pairs])),
                    _figure_item(doc.fleiss_kappa),
                ]
            )
        self.document_table.sortByColumn(self.ALPHA_COLUMN, Qt.SortOrder.AscendingOrder)

    def document_ids(self) -> list[int]:
        """The documents in the order the table shows them."""
        proxy = self.document_table.model()
        return [int(proxy.index(row, 0).data(DocIdRole)) for row in range(proxy.rowCount())]

    def _document_activated(self, index: QModelIndex) -> None:
        doc_id = index.siblingAtColumn(0).data(DocIdRole)
        if doc_id is not None:
            self.document_chosen.emit(int(doc_id))
