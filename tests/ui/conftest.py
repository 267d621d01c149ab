"""Widget-test fixtures: settings in a temporary folder, a project file with a few documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from annotator.store.project import Project

ARTICLE = (
    "Rescue 😀 teams reached Baghouz on Tuesday.\n\n"
    "The Syrian Democratic Forces said Mustafa Bali, head of the SDF press office, "
    "met U.S. officials in Hasakah."
)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: object) -> Iterator[None]:
    """Point QSettings at tmp_path so tests never read or write the user's settings."""
    QCoreApplication.setOrganizationName("annotator-tests")
    QCoreApplication.setApplicationName("annotator-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    QSettings().setValue("annotator/name", "tester")
    yield
    QSettings().clear()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project file holding ARTICLE and a second, Arabic document."""
    project = Project.open(tmp_path / "test.annotator", create=True)
    project.add_document(ARTICLE, title="Baghouz")
    project.add_document("قال مصطفى بالي إن المعارك مستمرة في الباغوز.", title="Arabic")
    return project
