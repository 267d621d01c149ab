"""File > Export: choose a format, an annotator's layer, a status and a destination, then write it.

The formats come from ``annotator.formats.registry.export_formats()`` when the dialog opens, so every
format the registry gains appears here without a change. ``run_export`` writes under a progress dialog
whose Cancel leaves nothing behind (``export_project`` builds the output beside its target and renames it
into place only when complete).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.formats.exporting import ExportPlan, export_project, plan_export
from annotator.formats.registry import Format, export_formats
from annotator.formats.report import FormatReport
from annotator.model.document import REVIEW_STATES, REVIEW_TITLES, STATUS_TITLES, STATUSES
from annotator.model.errors import AnnotatorError
from annotator.store.project import Project
from annotator.store.transfer import plural
from annotator.ui.charts import mute

GOLD = "gold"
EXPORT_ERRORS = (AnnotatorError, sqlite3.Error, OSError)
MAX_DETAILS = 12  # skipped items listed one by one in the summary; the rest are counted


class ExportCancelled(Exception):
    """The user pressed Cancel during an export: nothing is written."""


class _NoDestination(AnnotatorError):
    """No destination was given."""


def file_filter(fmt: Format) -> str:
    """The save dialog's name filter for a format: ``CoNLL-2003 (IOB2) (*.conll *.iob *.bio)``."""
    return f"{fmt.title} ({' '.join('*' + s for s in fmt.suffixes)})"


class ExportDialog(QDialog):
    """Asks what to export and where; ``plan`` holds the checked export once the dialog is accepted."""

    def __init__(
        self, project: Project, annotator: str, start_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self.project = project
        self.plan: ExportPlan | None = None
        self._confirmed: Path | None = None  # a file the save dialog already asked to replace
        self._annotator = annotator
        self._formats = export_formats()
        self._stem = project.path.stem if project.path else "export"
        self._annotators = project.annotators()

        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("export_format")
        for fmt in self._formats:
            self.format_combo.addItem(fmt.title, fmt.name)
            self.format_combo.setItemData(
                self.format_combo.count() - 1, fmt.summary, Qt.ItemDataRole.ToolTipRole
            )
        self.format_summary = QLabel(self)
        self.format_summary.setWordWrap(True)
        mute(self.format_summary)

        self.layer_combo = QComboBox(self)
        self.layer_combo.setObjectName("export_layer")
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("export_status")
        self.status_combo.addItem("Any status", None)
        for status in STATUSES:
            self.status_combo.addItem(f"{STATUS_TITLES[status]} only", status)
        self.review_combo = QComboBox(self)
        self.review_combo.setObjectName("export_review")
        self.review_combo.addItem("Any review status", None)
        for state in REVIEW_STATES:
            self.review_combo.addItem(f"{REVIEW_TITLES[state]} only", state)
        self.review_combo.setToolTip(
            "With the gold layer, 'Adjudicated only' leaves out documents still in review"
        )
        documents = QHBoxLayout()
        documents.addWidget(self.status_combo, 1)
        documents.addWidget(self.review_combo, 1)
        self.count_label = QLabel(self)

        self.destination = QLineEdit(self)
        self.destination.setObjectName("export_destination")
        self.destination.setMinimumWidth(420)
        self.browse_button = QPushButton("&Browse…", self)
        self.browse_button.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.browse_button)
        self.destination_hint = QLabel(self)
        mute(self.destination_hint)

        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("", self.format_summary)
        form.addRow("&Labels of:", self.layer_combo)
        documents_label = QLabel("&Documents:", self)
        documents_label.setBuddy(self.status_combo)
        form.addRow(documents_label, documents)
        form.addRow("", self.count_label)
        save_label = QLabel("&Save to:", self)
        save_label.setBuddy(self.destination)
        form.addRow(save_label, where)
        form.addRow("", self.destination_hint)
        for field in (self.format_combo, self.layer_combo):
            label = form.labelForField(field)
            if isinstance(label, QLabel):
                label.setBuddy(field)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Export")
        ok.setObjectName("export_ok")
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.destination.setText(str(start_dir / self.current_format().export_name(self._stem)))
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.status_combo.currentIndexChanged.connect(self._update_count)
        self.review_combo.currentIndexChanged.connect(self._update_count)
        self._format_changed()

    # -- choices -----------------------------------------------------------------------------------

    def current_format(self) -> Format:
        return self._formats[max(0, self.format_combo.currentIndex())]

    def choose_format(self, name: str) -> None:
        """Select a format by its registry name (for tests and remembered choices)."""
        index = self.format_combo.findData(name)
        if index < 0:
            raise KeyError(name)
        self.format_combo.setCurrentIndex(index)

    def choose_layer(self, annotator: str | None) -> None:
        """Select an annotator's layer by name, or None for all annotators."""
        index = self.layer_combo.findData(annotator)
        if index < 0:
            raise KeyError(annotator)
        self.layer_combo.setCurrentIndex(index)

    def choose_status(self, status: str | None) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def choose_review(self, state: str | None) -> None:
        """Select a review status filter (None: any)."""
        self.review_combo.setCurrentIndex(self.review_combo.findData(state))

    def layer_choices(self) -> list[str | None]:
        """The layers the combo offers, as names (None: every annotator's)."""
        return [self.layer_combo.itemData(i) for i in range(self.layer_combo.count())]

    def _format_changed(self) -> None:
        fmt = self.current_format()
        output = "a folder of files" if fmt.folder else "one file"
        self.format_summary.setText(f"{fmt.summary}. Writes {output}.")
        self._fill_layers(fmt)
        self._retarget(fmt)
        self.destination_hint.setText(
            "A new folder (or an empty one); it appears only when the export is complete."
            if fmt.folder
            else "Replaced in one step when the export is complete."
        )
        self._update_count()

    def _fill_layers(self, fmt: Format) -> None:
        previous = self.layer_combo.currentData() if self.layer_combo.count() else None
        self.layer_combo.clear()
        people = [name for name in self._annotators if name != GOLD]
        if not fmt.single_layer or not self._annotators:
            title = "All annotators (one layer each)" if self._annotators else "All (no labels yet)"
            self.layer_combo.addItem(title, None)
        if GOLD in self._annotators:
            self.layer_combo.addItem("Gold (adjudicated)", GOLD)
        for name in people:
            self.layer_combo.addItem(name, name)
        # Formats that hold every layer default to all of them; the others keep the chosen annotator
        # or else take the user's own layer.
        index = self.layer_combo.findData(None if not fmt.single_layer else previous)
        if index < 0 or (fmt.single_layer and previous is None):
            index = self.layer_combo.findData(self._annotator)
        self.layer_combo.setCurrentIndex(max(0, index))
        self.layer_combo.setToolTip(
            f"{fmt.title} holds one annotator's labels per document"
            if fmt.single_layer
            else f"{fmt.title} can hold every annotator's labels"
        )

    def _retarget(self, fmt: Format) -> None:
        """Give the destination the new format's default name, keeping its folder and stem."""
        text = self.destination.text().strip()
        if not text:
            return
        current = Path(text)
        stem = current.name
        for other in self._formats:
            for suffix in other.suffixes:
                if stem.lower().endswith(suffix) and len(stem) > len(suffix):
                    stem = stem[: -len(suffix)]
                    break
            else:
                continue
            break
        self.destination.setText(str(current.parent / fmt.export_name(stem)))

    def _update_count(self) -> None:
        status = self.status_combo.currentData()
        count = self.project.document_count(status, self.review_combo.currentData())
        self.count_label.setText(f"{plural(count, 'document')} will be exported")

    def browse(self) -> None:
        """Ask for the destination: a file name, or for folder formats a folder."""
        fmt = self.current_format()
        current = Path(self.destination.text().strip() or fmt.export_name(self._stem))
        if fmt.folder:
            chosen = QFileDialog.getExistingDirectory(
                self, f"Export {fmt.title} to a folder", str(current.parent)
            )
            if not chosen:
                return
            folder = Path(chosen)
            # An empty folder is written into; otherwise a new folder of the default name is made in it.
            target = folder if folder.is_dir() and not any(folder.iterdir()) else folder / current.name
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, f"Export {fmt.title}", str(current), f"{file_filter(fmt)};;All files (*)"
            )
            if not path:
                return
            target = Path(path)
            self._confirmed = target
        self.destination.setText(str(target))

    # -- accepting ---------------------------------------------------------------------------------

    def make_plan(self) -> ExportPlan:
        """The checked export of the current choices; AnnotatorError says what is wrong."""
        text = self.destination.text().strip()
        if not text:
            raise _NoDestination("choose where to save the export")
        return plan_export(
            self.project,
            self.current_format(),
            Path(text).expanduser(),
            annotator=self.layer_combo.currentData(),
            status=self.status_combo.currentData(),
            review=self.review_combo.currentData(),
        )

    def try_accept(self) -> None:
        """Accept when the export can start; otherwise say why and stay open."""
        try:
            plan = self.make_plan()
        except AnnotatorError as exc:
            self.plan = None
            QMessageBox.warning(self, "Cannot export", str(exc))
            return
        if plan.out.is_file() and plan.out != self._confirmed:
            answer = QMessageBox.question(
                self,
                "Replace file?",
                f"{plan.out} already exists. Replace it with this export?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.plan = None
                return
        self.plan = plan
        self.accept()


def run_export(parent: QWidget, project: Project, plan: ExportPlan) -> FormatReport | None:
    """Write a planned export under a progress dialog; show the summary, the error, or nothing on Cancel.

    Returns the report, or None when the export failed or was cancelled (then nothing was written).
    """
    progress = QProgressDialog(f"Exporting to {plan.out.name}…", "Cancel", 0, max(1, plan.documents), parent)
    progress.setWindowTitle("Export")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def advance(done: int) -> None:
        progress.setValue(min(done, progress.maximum() - 1))
        progress.setLabelText(f"Exporting to {plan.out.name}: {done:,} of {plan.documents:,} documents")
        QApplication.processEvents()
        if progress.wasCanceled():
            raise ExportCancelled

    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        report = export_project(project, plan, advance)
    except ExportCancelled:
        _status(parent, "Export cancelled: nothing was written")
        return None
    except EXPORT_ERRORS as exc:
        QMessageBox.warning(parent, "Export failed: nothing was written", str(exc))
        return None
    finally:
        QApplication.restoreOverrideCursor()
        progress.close()
    QMessageBox.information(parent, "Export finished", "\n".join(summary_lines(plan, report)))
    _status(parent, f"Exported {plural(report.documents, 'document')} to {plan.out}")
    return report


def summary_lines(plan: ExportPlan, report: FormatReport) -> list[str]:
    """What the user reads at the end: where, the counts, each kind of skip, then the first few skipped."""
    layer = f"labels of {plan.annotator}" if plan.annotator else "every annotator's labels"
    return [f"{plan.fmt.title} written to {plan.out} ({layer})", *report.lines(), *skipped_details(report)]


def skipped_details(report: FormatReport) -> list[str]:
    """The first few skipped things one by one (where, what, why), after a blank line; none if none."""
    if not report.skipped:
        return []
    lines = [""]
    for item in report.skipped[:MAX_DETAILS]:
        lines.append(f"{item.where + ': ' if item.where else ''}{item.what} ({item.why})")
    if len(report.skipped) > MAX_DETAILS:
        lines.append(f"… and {len(report.skipped) - MAX_DETAILS:,} more")
    return lines


def _status(parent: QWidget, message: str) -> None:
    status_bar = getattr(parent, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(message, 8000)
