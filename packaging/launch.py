"""Entry point of the frozen app: the same ``annotator`` command that pip installs.

PyInstaller freezes this script (see annotator.spec). It adds one thing for the smoke test: with
``ANNOTATOR_SMOKE_TEST=SECONDS`` in the environment and no subcommand, the window opens as usual and,
SECONDS later, the app checks that its main window is shown, closes it and exits with status 0 (status 3
if no main window is visible, for example when a dialog blocks the start). Nothing changes without it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def _arm_smoke_test(seconds: float) -> None:
    """Create the QApplication early and schedule the check that ends the smoke test."""
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    config = os.environ.get("XDG_CONFIG_HOME")
    if config and sys.platform in ("win32", "darwin"):
        # Settings in an INI file under the test's own folder, as on Linux, rather than in the user's
        # registry (Windows) or preferences (macOS).
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, config)
    # run_app() reuses an existing QApplication, so the timer set here runs inside its event loop.
    app = QApplication(sys.argv)

    def check() -> None:
        shown = [w for w in app.topLevelWidgets() if w.isVisible()]
        names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in shown) or "none"
        print(f"smoke test: visible windows: {names}", file=sys.stderr)  # noqa: T201
        if not any(isinstance(w, QMainWindow) for w in shown):
            # A modal dialog runs its own event loop, and the start would go on after it: stop here.
            sys.stderr.flush()
            os._exit(3)
        app.closeAllWindows()  # the way a user quits, so the window saves its state as usual
        app.exit(0)

    QTimer.singleShot(int(seconds * 1000), check)


def main() -> None:
    """Run the command line, which opens the window when given no subcommand."""
    from annotator import cli

    smoke = os.environ.get("ANNOTATOR_SMOKE_TEST")
    if smoke:
        open_window = cli.run_gui

        def open_window_and_check(project_path: Path | None) -> None:
            _arm_smoke_test(float(smoke))
            open_window(project_path)

        # Only the window is checked: the subcommands run as usual and never import Qt.
        cli.run_gui = open_window_and_check
    cli.main()


if __name__ == "__main__":
    # A CoNLL export tokenizes in worker processes (annotator.formats.pool), which a frozen app starts
    # by running itself again: this makes such a run a worker instead of a second app.
    multiprocessing.freeze_support()
    main()
