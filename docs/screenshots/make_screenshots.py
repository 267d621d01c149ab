"""Take the README's screenshots: the real window on the demo articles, annotated through the app's code.

Run under a virtual screen:
    QT_QPA_PLATFORM=xcb xvfb-run -a -s '-screen 0 1500x950x24' \
        .venv/bin/python docs/screenshots/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent

ENTITIES = [
    ("Velmora", "GPE"),
    ("Coastal Dockworkers Union", "ORG"),
    ("early Tuesday", "TIME"),
    ("Officers", "PER"),
    ("Gate 4 of the Northern Container Terminal", "FAC"),
    ("Northern Container Terminal", "FAC"),
    ("about 300 workers", "PER"),
    ("pepper spray", "WEA"),
    ("two armored vans", "VEH"),
    ("Hana Morrow", "PER"),
    ("Inspector Hana Morrow", "PER"),
    ("a crane", "VEH"),
    ("Tomas Reyes", "PER"),
    ("14 members", "PER"),
    ("Velmora Port Authority", "ORG"),
    ("$3.2 million", "VALUE"),
    ("Saint Orla", "GPE"),
    ("Police", "ORG"),
]


def annotate(project: object, doc_id: int, text: str) -> None:
    """Label the first demo article as an annotator would, through the layer (one commit per edit)."""
    from annotator.store.layer import DocumentLayer

    layer = DocumentLayer(project, project.document(doc_id), "maria")  # type: ignore[attr-defined]
    ids = {}
    body = text.index("\n")  # after the headline
    for phrase, label in ENTITIES:
        start = text.index(phrase, body)
        ids[phrase] = layer.add(start, start + len(phrase), label).id
    start = text.index("arrested", body)
    arrest = layer.add_event("Justice:Arrest-Jail", start, start + len("arrested"))
    for role, phrase in [
        ("Agent", "Police"),
        ("Person", "14 members"),
        ("Place", "Velmora"),
        ("Time", "early Tuesday"),
    ]:
        layer.add_argument(arrest.id, role, ids[phrase])
    start = text.index("strike over pay")
    layer.add_event("Conflict:Demonstrate", start, start + len("strike"))


def main() -> int:
    app = QApplication(sys.argv)
    from annotator.ui.app import configure_application

    configure_application(app)
    home = Path(tempfile.mkdtemp())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    QSettings().setValue("annotator/name", "maria")
    from annotator.store.default import create_project
    from annotator.ui.main_window import MainWindow

    project = create_project(home / "demo.annotator", with_demo=True)
    first = project.document_ids()[0]
    annotate(project, first, project.document(first).text)
    window = MainWindow(project, "maria")
    window.resize(1480, 920)
    window.show()

    def shoot() -> None:
        layer = window.layer
        assert layer is not None
        event = layer.events[0]
        window.events.select_event(event)
        window.text_view.verticalScrollBar().setValue(0)
        app.processEvents()
        window.grab().save(str(OUT / "main-window.png"))
        arabic = next(d for d in project.document_ids() if "حَدَّاد" in project.document(d).text)
        window.open_document(arabic)
        text = window.layer.text if window.layer else ""
        for phrase, label in [("مُصْطَفَى حَدَّاد", "PER"), ("وادي الحجر", "LOC"), ("تل سمرة", "GPE")]:
            if phrase in text and window.layer is not None:
                start = text.index(phrase)
                window.text_view.select_offsets(start, start + len(phrase))
                window.tag(label)
        app.processEvents()
        window.grab().save(str(OUT / "arabic.png"))
        app.quit()

    QTimer.singleShot(700, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
