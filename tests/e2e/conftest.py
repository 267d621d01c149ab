"""End-to-end fixtures: the whole main window on a temporary project file."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from annotator.store.project import Project
from annotator.ui.main_window import MainWindow
from tests.ui.conftest import isolated_settings, project  # noqa: F401  (fixtures)


@pytest.fixture
def main_window(qtbot: QtBot, project: Project) -> MainWindow:  # noqa: F811
    """The main window on the test project, shown and active so shortcuts fire."""
    window = MainWindow(project, "tester")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window
