"""Review mode: the gold layer of the open document is edited, the annotators' layers are overlaid.

In review mode the window's layer is the document's ``gold`` layer, edited with every usual tool and undo;
each compared annotator's layer is painted under it in its own colour (ui/review_overlay.py), and the
review panel lists the units where they differ. Every decision (accept an annotator's version, reject
them all, accept every agreement) is one undoable step; so is a hand edit of gold, together with the
'edit' decisions it makes for the units it touches. Keys: Alt+Right / Alt+Left next and previous
disagreement, 1..9 accept annotator 1..9, X reject, Ctrl+Shift+A accept all agreements, Ctrl+R leaves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QUndoCommand
from PySide6.QtWidgets import QLabel

from annotator.model.document import REVIEW_TITLES
from annotator.model.errors import AnnotatorError
from annotator.model.events import EventList
from annotator.model.review import GOLD, ReviewUnit
from annotator.model.spans import SpanList
from annotator.store.layer import DocumentLayer
from annotator.store.review import DocumentReview, ReviewChange
from annotator.ui.commands import ReviewStep
from annotator.ui.panels.review_panel import ReviewPanel, swatch
from annotator.ui.qtmodels.review_units import ReviewUnitsModel
from annotator.ui.review_actions import MAX_ANNOTATORS, ReviewActions
from annotator.ui.review_overlay import OverlayLayer, ReviewOverlay, annotator_color
from annotator.ui.review_stack import ReviewStack, sync_list

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

EDIT_ERRORS = (AnnotatorError, sqlite3.Error, OSError)
MAX_KEPT_REVIEWS = 12  # gold layers (and their undo histories) kept in memory, as the window keeps layers


class ReviewMode(QObject):
    """Owns review mode of a main window: its actions, panel, overlay, gold layers and their undo stacks."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.doc_id: int | None = None
        self.review: DocumentReview | None = None
        self._reviews: dict[int, DocumentReview] = {}
        self._gold: dict[int, DocumentLayer] = {}
        self._stacks: dict[int, ReviewStack] = {}
        self._pending: list[tuple[int, int]] = []  # ranges of gold edited by hand since the last push
        self._syncing = False
        self._current: str | None = None  # key of the unit under review
        self._title = ""
        self.model = ReviewUnitsModel(self)
        self.panel = ReviewPanel(self.model, window)
        self.dock = window._dock("Review", "review_dock", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        # Under the text, in a tab beside Problems: the table needs the width of the window.
        window.tabifyDockWidget(window.events.problems_dock, self.dock)
        self.dock.hide()
        self.overlay = ReviewOverlay(window.text_view)
        self.status_label = QLabel(window)
        self.status_label.setObjectName("review_status")
        self.status_label.hide()
        window.statusBar().insertPermanentWidget(0, self.status_label)
        self.panel.unit_chosen.connect(lambda unit: self.choose(unit.key))
        self.panel.accept_requested.connect(self.accept)
        self.panel.reject_requested.connect(self.reject)
        self.panel.accept_agreements_requested.connect(self.accept_agreements)
        self.actions = ReviewActions(window, self)
        self.actions.install_menus(self.dock)

    # -- entering and leaving ----------------------------------------------------------------------

    def mode_toggled(self, on: bool) -> None:
        """Review > Review Mode was checked or unchecked."""
        window = self.window
        if on and not self.active:
            if window.layer is None:
                self.actions.set_checked(False)
                window.statusBar().showMessage("Open a document to review first", 4000)
                return
            self.enter(window.layer.document.id)
        elif not on and self.active:
            self.leave()

    def enter(self, doc_id: int) -> bool:
        """Review a document: its gold layer becomes the window's layer, the annotators' are overlaid."""
        window = self.window
        try:
            review = self._reviews.get(doc_id) or DocumentReview(window.project, doc_id)
            gold = self._gold_layer(doc_id)
            units = review.units()
        except EDIT_ERRORS as exc:
            window._report_error(f"Could not review the document: {exc}")
            self.actions.set_checked(self.active)
            return False
        if not self.active:
            self._title = window.windowTitle()
        self._reviews[doc_id] = review
        self._forget_old(doc_id)
        self.active, self.doc_id, self.review = True, doc_id, review
        self.actions.set_checked(True)
        self._current = None
        window.layer = gold
        window.undo_group.setActiveStack(self._stack(doc_id))
        window.show_layer()
        self._show_overlays(review)
        self.model.set_content(gold.text, review.annotators[:MAX_ANNOTATORS], units)
        self.panel.set_annotators(
            review.annotators[:MAX_ANNOTATORS], self.actions.show[: len(review.annotators)]
        )
        self._enable()
        self.overlay.install()
        if not self.dock.isVisible():
            self.dock.show()
            window.resizeDocks([self.dock], [260], Qt.Orientation.Vertical)
        self.dock.raise_()
        self.status_label.show()
        window.document_panel.show_review_column(True)
        window.setWindowTitle(f"Review by {window.annotator} · {self._title}")
        self._update_status()
        first = self._next_open(None, 1)
        if first is not None:
            self.choose(first.key)
        elif not review.annotators:
            window.statusBar().showMessage(
                "No annotator has labelled this document: File > Merge Project… brings their layers in", 8000
            )
        return True

    def leave(self) -> None:
        """Back to the annotator's own layer of the same document."""
        window = self.window
        doc_id = self.doc_id
        self._close()
        window.layer = None
        if doc_id is not None:
            window.open_document(doc_id)

    def reset(self) -> None:
        """Another project (or the same one reloaded): leave review mode and forget the gold layers."""
        self._close()
        for stack in self._stacks.values():
            self.window.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._gold.clear()
        self._reviews.clear()

    def _close(self) -> None:
        if self.active:
            self.window.setWindowTitle(self._title)
        self.active, self.review, self.doc_id, self._current = False, None, None, None
        self.actions.set_checked(False)
        self.overlay.set_focus(None)
        self.overlay.uninstall()
        self.dock.hide()
        self.status_label.hide()
        self.window.document_panel.show_review_column(False)
        self._enable()

    def _forget_old(self, doc_id: int) -> None:
        """Keep the gold layers and undo histories of the most recently reviewed documents only."""
        # Most recently reviewed last.
        self._reviews[doc_id] = self._reviews.pop(doc_id)
        if doc_id in self._gold:
            self._gold[doc_id] = self._gold.pop(doc_id)
        while len(self._reviews) > MAX_KEPT_REVIEWS:
            oldest = next(iter(self._reviews))
            del self._reviews[oldest]
            self._gold.pop(oldest, None)
            stack = self._stacks.pop(oldest, None)
            if stack is not None:
                self.window.undo_group.removeStack(stack)
                stack.deleteLater()

    def _enable(self) -> None:
        self.actions.enable(self.active, len(self.review.annotators) if self.review is not None else 0)

    def open_document(self, doc_id: int) -> None:
        """The window opens another document while in review mode: review that one."""
        if doc_id != self.doc_id:
            self.enter(doc_id)

    def _gold_layer(self, doc_id: int) -> DocumentLayer:
        layer = self._gold.get(doc_id)
        if layer is None:
            layer = DocumentLayer(self.window.project, self.window.project.document(doc_id), GOLD)
            layer.spans.subscribe(self._gold_changed)
            layer.events.subscribe(self._gold_changed)
            self._gold[doc_id] = layer
        return layer

    def _stack(self, doc_id: int) -> ReviewStack:
        stack = self._stacks.get(doc_id)
        if stack is None:
            stack = ReviewStack(self.window.undo_group, lambda d=doc_id: self._settle(d))  # type: ignore[misc]
            stack.indexChanged.connect(lambda _index: self._pending.clear())
            self._stacks[doc_id] = stack
        return stack

    def _show_overlays(self, review: DocumentReview) -> None:
        project, layers = self.window.project, []
        for number, name in enumerate(review.annotators[:MAX_ANNOTATORS]):
            show = self.actions.show[number]
            show.setText(f"Show {name}'s Labels")
            show.setIcon(swatch(annotator_color(number)))
            layers.append(
                OverlayLayer(
                    name,
                    annotator_color(number),
                    SpanList(project.spans(review.doc_id, name)),
                    EventList(project.events(review.doc_id, name)),
                    show.isChecked(),
                )
            )
        for number, accept in enumerate(self.actions.accept):
            name = review.annotators[number] if number < len(review.annotators) else ""
            accept.setText(f"Accept {name}" if name else f"Accept Annotator {number + 1}")
        self.overlay.set_layers(layers)

    def show_toggled(self, number: int, on: bool) -> None:
        """An annotator's layer was shown or hidden."""
        if self.review is not None and number <= len(self.review.annotators):
            self.overlay.set_visible(self.review.annotators[number - 1], on)
            self._focus_overlay()

    # -- units -------------------------------------------------------------------------------------

    def current_unit(self) -> ReviewUnit | None:
        """The unit under review."""
        return self.model.find(self._current) if self._current is not None else None

    def choose(self, key: str) -> None:
        """Put a unit under review: its row selected, its region selected in the text and boxed."""
        unit = self.model.find(key)
        if unit is None:
            return
        self._current = key
        self.panel.show_unit(key)
        self.window.text_view.select_offsets(unit.start, unit.end)
        self._focus_overlay()

    def _focus_overlay(self) -> None:
        unit = self.current_unit()
        if unit is None or self.review is None:
            self.overlay.set_focus(None)
            return
        tags: list[tuple[QColor, str]] = []
        for number, name in enumerate(self.review.annotators[:MAX_ANNOTATORS]):
            if not self.actions.show[number].isChecked():
                continue
            version = unit.versions.get(name, ())
            labels = [str(item[2] if unit.kind == "span" else item[0]) for item in version]
            tags.append((annotator_color(number), f"{number + 1} {' + '.join(labels) or '—'}"))
        self.overlay.set_focus((unit.start, unit.end), tags)

    def _next_open(self, after: ReviewUnit | None, direction: int) -> ReviewUnit | None:
        """The next (1) or previous (-1) disagreement after ``after``, wrapping: undecided ones first."""
        disagreements = [u for u in self.model.units if not u.agreed]
        undecided = [u for u in disagreements if u.decision is None]
        for candidates in (undecided, disagreements):
            others = [u for u in candidates if after is None or u.key != after.key]
            if not others:
                continue
            if after is None:
                return others[0] if direction > 0 else others[-1]
            here = _order(after)
            if direction > 0:
                return next((u for u in others if _order(u) > here), others[0])
            return next((u for u in reversed(others) if _order(u) < here), others[-1])
        return None

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) disagreement, undecided ones first."""
        if not self.active:
            return
        unit = self._next_open(self.current_unit(), direction)
        if unit is None:
            if any(not u.agreed for u in self.model.units):
                self.window.statusBar().showMessage("This is the only disagreement", 4000)
            else:
                self.window.statusBar().showMessage("The annotators agree everywhere in this document", 4000)
            return
        self.choose(unit.key)

    # -- decisions ---------------------------------------------------------------------------------

    def _unit_or_say(self) -> ReviewUnit | None:
        unit = self.current_unit()
        if unit is None:
            self.window.statusBar().showMessage(
                "Choose a unit first (Alt+Right goes to the next disagreement)", 4000
            )
        return unit

    def accept(self, number: int) -> None:
        """Make annotator ``number``'s (1..) version of the unit under review the gold one."""
        review, unit = self.review, self._unit_or_say()
        if review is None or unit is None:
            return
        if not 1 <= number <= len(review.annotators):
            self.window.statusBar().showMessage(f"There is no annotator {number} in this document", 4000)
            return
        name = review.annotators[number - 1]
        self._decide(
            f"Accept {name} at “{_short(self.window.text_view.text[unit.start : unit.end])}”",
            lambda: review.accept(unit.key, name, self.window.annotator),
            advance=unit,
        )

    def reject(self) -> None:
        """Nothing of the unit under review goes into gold."""
        review, unit = self.review, self._unit_or_say()
        if review is None or unit is None:
            return
        self._decide(
            f"Reject “{_short(self.window.text_view.text[unit.start : unit.end])}”",
            lambda: review.reject(unit.key, self.window.annotator),
            advance=unit,
        )

    def accept_agreements(self) -> None:
        """Accept every unit all annotators agree on, as one step."""
        review = self.review
        if review is None:
            return
        self._decide("", lambda: review.accept_agreements(self.window.annotator), advance=None)

    def set_status(self, state: str) -> None:
        """Mark the document adjudicated or reopen its review, by hand (undoable)."""
        review = self.review
        if review is None:
            return
        self._decide(f"Mark {REVIEW_TITLES[state].lower()}", lambda: review.set_status(state), advance=None)

    def _decide(self, text: str, make: Callable[[], ReviewChange], advance: ReviewUnit | None) -> None:
        review, doc_id = self.review, self.doc_id
        if review is None or doc_id is None:
            return
        try:
            change = make()
        except EDIT_ERRORS as exc:
            self.window._report_error(f"Could not decide: {exc}")
            return
        if change.empty:
            self.window.statusBar().showMessage("Nothing to change", 3000)
            return
        step = ReviewStep(text or change.text, review, [change], lambda: self._changed(doc_id))
        self._changed(doc_id)
        self._stack(doc_id).push(step)
        if advance is not None:
            following = self._next_open(self.model.find(advance.key), 1)
            if following is not None and following.decision is None:
                self.choose(following.key)
            else:
                self._focus_overlay()
                self.window.statusBar().showMessage("Every disagreement has a decision", 4000)

    def _settle(self, doc_id: int) -> QUndoCommand | None:
        """Hand edits of gold since the last push: 'edit' decisions for the units they touched."""
        review = self._reviews.get(doc_id)
        ranges = list(dict.fromkeys(self._pending))
        self._pending.clear()
        if review is None or not ranges:
            return None
        changes = []
        try:
            for start, end in ranges:
                change = review.record_edit(start, end, self.window.annotator)
                if not change.empty:
                    changes.append(change)
        except EDIT_ERRORS as exc:
            self.window._report_error(f"Could not record the edit as a decision: {exc}")
        if not changes:
            return None
        self._changed(doc_id)
        return ReviewStep("Record the edit", review, changes, lambda: self._changed(doc_id))

    def _gold_changed(self, kind: str, row: int, item: Any) -> None:
        del row
        if not self._syncing and item is not None and kind in ("inserted", "removed", "changed"):
            self._pending.append((item.start, item.end))

    def _changed(self, doc_id: int) -> None:
        """After a decision, its undo or redo: show the gold layer, units and status as the file has them."""
        window = self.window
        try:
            state = window.project.review_status(doc_id)
        except EDIT_ERRORS:
            return
        window.document_panel.model.update(doc_id, review=state)
        gold, review = self._gold.get(doc_id), self._reviews.get(doc_id)
        if gold is not None:
            self._syncing = True
            try:
                sync_list(gold.spans, window.project.spans(doc_id, GOLD))
                sync_list(gold.events, window.project.events(doc_id, GOLD))
            finally:
                self._syncing = False
        if self.active and doc_id == self.doc_id and review is not None:
            self.model.update_units(review.units())
            self._focus_overlay()
            if self._current is not None:
                self.panel.show_unit(self._current)
            self._update_status()
            window._update_doc_status()
        window._mark_saved()

    def _update_status(self) -> None:
        review, doc_id = self.review, self.doc_id
        if review is None or doc_id is None:
            return
        units = self.model.units
        open_ = sum(1 for u in units if not u.agreed and u.decision is None)
        disagreements = sum(1 for u in units if not u.agreed)
        settled = sum(1 for u in units if u.decision is not None)
        state = REVIEW_TITLES.get(self.window.project.review_status(doc_id), "")
        names = (
            ", ".join(f"{n} {name}" for n, name in enumerate(review.annotators, start=1)) or "no annotators"
        )
        self.status_label.setText(
            f"Review · {self.window.annotator} · {open_} of {disagreements} disagreements open"
        )
        self.panel.set_summary(
            f"<b>{state}</b> · comparing {names} · {settled} of {len(units)} units decided, "
            f"{open_} of {disagreements} disagreements open · reviewer <b>{self.window.annotator}</b>"
        )


def _order(unit: ReviewUnit) -> tuple[int, int, bool]:
    """Reading order of units: by start, longer first, spans before events."""
    return (unit.start, -unit.end, unit.kind != "span")


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
