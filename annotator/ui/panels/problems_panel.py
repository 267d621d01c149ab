"""The problems list: what the validation finds in the document's events, click to jump."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.model.validation import Issue


class ProblemsPanel(QWidget):
    """Lists validation issues; emits ``issue_chosen`` when one is activated."""

    issue_chosen = Signal(object)  # Issue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("problems_list")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.summary = QLabel(self)
        self.summary.setObjectName("problems_summary")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        self.issues: list[Issue] = []
        self.set_issues([])

    def set_issues(self, issues: list[Issue]) -> None:
        """Show a new list of issues."""
        self.issues = issues
        self.list.clear()
        for issue in issues:
            icon = "⛔" if issue.severity == "error" else "⚠"
            item = QListWidgetItem(f"{icon} {issue.message}")
            item.setData(Qt.ItemDataRole.UserRole, issue)
            item.setForeground(QColor("#c62828") if issue.severity == "error" else QColor("#b26a00"))
            self.list.addItem(item)
        errors = sum(1 for i in issues if i.severity == "error")
        warnings = len(issues) - errors
        self.summary.setText("No problems" if not issues else f"{errors} errors, {warnings} warnings")

    def _chosen(self, item: QListWidgetItem) -> None:
        issue = item.data(Qt.ItemDataRole.UserRole)
        if issue is not None:
            self.issue_chosen.emit(issue)
