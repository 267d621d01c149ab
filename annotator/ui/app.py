"""Start the desktop app: the QApplication, the annotator's name, the project, the main window."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator import __version__
from annotator.model.errors import AnnotatorError
from annotator.paths import resource_dir
from annotator.store.default import open_default_project
from annotator.store.project import Project
from annotator.ui import settings
from annotator.ui.main_window import MainWindow


def configure_application(app: QApplication) -> None:
    """Names that QSettings and the desktop use, and the app icon."""
    app.setOrganizationName("annotator")
    app.setOrganizationDomain("annotator.local")
    app.setApplicationName("annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("annotator")
    icon = resource_dir() / "icons" / "annotator.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def ensure_annotator_name() -> str:
    """The annotator's name, asked once on first start (defaulting to the OS user) and remembered."""
    name = settings.annotator_name()
    if name:
        return name
    default = getpass.getuser()
    answer, ok = QInputDialog.getText(
        None, "Welcome to annotator", "Your name, recorded on every label you make:", text=default
    )
    name = answer.strip() if ok and answer.strip() else default
    settings.set_annotator_name(name)
    return name


def run_app(project_path: Path | None = None) -> int:
    """Open the window on a project (the default demo project when none is given); return the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    annotator = ensure_annotator_name()
    try:
        project = Project.open(project_path) if project_path else open_default_project()
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Cannot open project", str(exc))
        return 1
    window = MainWindow(project, annotator)
    window.show()
    return app.exec()
