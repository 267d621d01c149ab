"""Review mode's actions, keys and menus, built once on the main window.

Keys: Ctrl+R review mode; Alt+Right / Alt+Left next and previous disagreement; 1..9 accept annotator
1..9; X reject every version; Ctrl+Shift+A accept all agreements; Alt+1..9 show or hide a layer. They
work in review mode only, and a key a label already has (a schema may give a label a digit) stays the
label's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar

from annotator.ui.actions import make_action
from annotator.ui.merging import merge_dialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.review_mode import ReviewMode

MAX_ANNOTATORS = 9  # keys 1..9


def review_menu(window: MainWindow) -> QMenu:
    """The window's Review menu (objectName "menu.review"), created before Help when first asked for."""
    bar: QMenuBar = window.menuBar()
    menu = bar.findChild(QMenu, "menu.review")
    if isinstance(menu, QMenu):
        return menu
    menu = QMenu("&Review", bar)
    menu.setObjectName("menu.review")
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    return menu


class ReviewActions:
    """Every action of review mode; ``enable`` turns the decision keys on and off."""

    def __init__(self, window: MainWindow, review: ReviewMode) -> None:
        self.window = window
        act = make_action
        self.mode = act(
            window,
            "review.mode",
            "Review &Mode",
            None,
            ["Ctrl+R"],
            checkable=True,
            tip="Build the gold layer of this document from the annotators' layers",
        )
        self.mode.toggled.connect(review.mode_toggled)
        self.next = act(window, "review.next", "&Next Disagreement", lambda: review.step(1), ["Alt+Right"])
        self.previous = act(
            window, "review.previous", "&Previous Disagreement", lambda: review.step(-1), ["Alt+Left"]
        )
        self.accept = [
            act(
                window,
                f"review.accept_{number}",
                f"Accept Annotator {number}",
                lambda n=number: review.accept(n),  # type: ignore[misc]
                [str(number)],
            )
            for number in range(1, MAX_ANNOTATORS + 1)
        ]
        self.reject = act(
            window,
            "review.reject",
            "&Reject All Versions",
            review.reject,
            ["X"],
            tip="Nothing here belongs in the gold layer",
        )
        self.agreements = act(
            window,
            "review.accept_agreements",
            "Accept All &Agreements",
            review.accept_agreements,
            ["Ctrl+Shift+A"],
            tip="Accept every unit all annotators agree on",
        )
        self.adjudicated = act(
            window, "review.mark_adjudicated", "Mark &Adjudicated", lambda: review.set_status("adjudicated")
        )
        self.reopen = act(window, "review.reopen", "Reopen Re&view", lambda: review.set_status("in_review"))
        self.merge = act(
            window,
            "file.merge",
            "&Merge Project…",
            lambda: merge_dialog(window),
            tip="Bring another annotator's project (or native JSONL) into this one",
        )
        self.show: list[QAction] = []
        for number in range(1, MAX_ANNOTATORS + 1):
            action = act(window, f"review.show_{number}", f"Show Annotator {number}", None, [f"Alt+{number}"])
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, n=number: review.show_toggled(n, on))
            self.show.append(action)
        self.decisions = [
            self.next,
            self.previous,
            *self.accept,
            self.reject,
            self.agreements,
            self.adjudicated,
            self.reopen,
            *self.show,
        ]
        self._defaults = {action: action.shortcuts() for action in self.decisions}
        self.enable(False, 0)

    def install_menus(self, dock: QDockWidget) -> None:
        """File > Merge Project… after the import and export actions; the Review menu's first part."""
        bar = self.window.menuBar()
        file_menu = None
        for entry in bar.actions():
            candidate = entry.menu()
            if isinstance(candidate, QMenu) and self.window.action_import in candidate.actions():
                file_menu = candidate
        if isinstance(file_menu, QMenu):
            actions = file_menu.actions()
            place = actions.index(self.window.action_import)
            while place + 1 < len(actions) and not actions[place + 1].isSeparator():
                place += 1  # after Import, Import Folder and Export
            if place + 1 < len(actions):
                file_menu.insertAction(actions[place + 1], self.merge)
            else:
                file_menu.addAction(self.merge)
        menu = review_menu(self.window)
        first = menu.actions()[0] if menu.actions() else None
        ours: list[QAction | None] = [self.mode, None, self.next, self.previous, None]
        ours += [*self.accept, self.reject, self.agreements, None]
        ours += [self.adjudicated, self.reopen, None]
        self.layers_menu = QMenu("&Show Layers", menu)
        self.layers_menu.setObjectName("menu.review.layers")
        self.layers_menu.addActions(self.show)
        # Before what others put in the menu (Agreement…), whoever made it first.
        for action in [*ours, self.layers_menu.menuAction(), None]:
            if action is None:
                separator = QAction(menu)
                separator.setSeparator(True)
                action = separator
            if first is not None:
                menu.insertAction(first, action)
            else:
                menu.addAction(action)
        toggle = dock.toggleViewAction()
        toggle.setText("Review &Panel")
        menu.addAction(toggle)

    def enable(self, active: bool, count: int) -> None:
        """Decision keys work in review mode only, and never steal a key another action (a label) has.

        ``count`` is how many annotators the document compares: accept 1..count.
        """
        taken: set[str] = set()
        if active:
            for action in self.window.findChildren(QAction):
                if action not in self._defaults and action.isEnabled():
                    taken.update(key.toString() for key in action.shortcuts())
        for action, keys in self._defaults.items():
            action.setShortcuts([key for key in keys if key.toString() not in taken])
            action.setEnabled(active)
        for number, (accept, show) in enumerate(zip(self.accept, self.show, strict=True), 1):
            accept.setVisible(number <= max(count, 1))
            show.setVisible(number <= count)
            accept.setEnabled(active and number <= count)
            show.setEnabled(active and number <= count)

    def set_checked(self, on: bool) -> None:
        """Check or uncheck Review Mode without toggling it."""
        self.mode.blockSignals(True)
        self.mode.setChecked(on)
        self.mode.blockSignals(False)
