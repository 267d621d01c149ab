"""Take the README's screenshots: the real window on the demo articles, annotated through the app's code.

Run under a virtual screen:
    QT_QPA_PLATFORM=xcb xvfb-run -a -s '-screen 0 1500x950x24' \
        .venv/bin/python docs/screenshots/make_screenshots.py [main-window] [arabic] [agreement]
(no names: every screenshot).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
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


def agreement_project(home: Path) -> object:
    """The review demo (Help > Open the Review Demo): the demo articles labelled by maria, omar and lena."""
    from annotator.formats.review_demo import create_review_demo

    return create_review_demo(home / "agreement.annotator")


def shoot_agreement(app: QApplication, home: Path) -> None:
    """Review > Agreement on the three annotators' project."""
    from annotator.ui.agreement_dialog import AgreementDialog

    dialog = AgreementDialog(agreement_project(home))  # type: ignore[arg-type]
    dialog.resize(1180, 820)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(OUT / "agreement.png"))
    dialog.close()


def shoot_review(app: QApplication, home: Path) -> None:
    """Review mode on the first article of the three annotators' project, half adjudicated by rita."""
    from annotator.ui.main_window import MainWindow

    folder = home / "review"
    folder.mkdir()
    project = agreement_project(folder)
    first = project.document_ids()[0]  # type: ignore[attr-defined]
    window = MainWindow(project, "rita")  # type: ignore[arg-type]
    window.resize(1480, 920)
    window.show()
    window.open_document(first)
    window.enter_review(first)
    window.resizeDocks([window.document_dock], [360], Qt.Orientation.Horizontal)
    review = window.review
    review.accept_agreements()
    review.accept(1)  # the arrest: lena's version
    review.step(1)
    review.accept(2)  # "about 300 workers": maria's
    review.step(1)  # "Gate 4 of the Northern Container Terminal" under review, each version tagged
    app.processEvents()
    window.text_view.verticalScrollBar().setValue(0)
    app.processEvents()
    window.grab().save(str(OUT / "review-mode.png"))
    window.close()


def main() -> int:
    wanted = set(sys.argv[1:]) or {"main-window", "arabic", "agreement", "review-mode"}
    app = QApplication(sys.argv[:1])
    from annotator.ui.app import configure_application

    configure_application(app)
    home = Path(tempfile.mkdtemp())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    QSettings().setValue("annotator/name", "maria")
    from annotator.store.default import create_project
    from annotator.ui.main_window import MainWindow

    if wanted <= {"agreement", "review-mode"}:
        if "agreement" in wanted:
            shoot_agreement(app, home)
        if "review-mode" in wanted:
            shoot_review(app, home)
        return 0
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
        if "main-window" in wanted:
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
        if "arabic" in wanted:
            window.grab().save(str(OUT / "arabic.png"))
        if "agreement" in wanted:
            shoot_agreement(app, home)
        if "review-mode" in wanted:
            shoot_review(app, home)
        app.quit()

    QTimer.singleShot(700, shoot)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
