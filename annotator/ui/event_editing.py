"""Event editing in the main window: create, retype, move, delete events; fill and empty role slots.

Keyboard first: E adds an event at the selection (type picker), R picks a role of the selected event and
then an entity mention for it (nearest allowed mentions first), Delete in the event panel removes an
argument or an event. With a slot armed (picked in the panel or by R), clicking an entity span in the text
or the entity panel fills it, and tagging a new selection creates the entity and fills the slot in one
undoable step.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox

from annotator.model.errors import AnnotatorError
from annotator.model.events import Event
from annotator.model.spans import Span
from annotator.model.validation import Issue, validate_events
from annotator.store.layer import DocumentLayer
from annotator.ui.actions import make_action
from annotator.ui.commands import (
    AddArgument,
    AddEvent,
    ChangeEvent,
    RemoveArgument,
    RemoveEvent,
    RemoveSpanWithArguments,
)
from annotator.ui.panels.event_panel import EventPanel
from annotator.ui.panels.problems_panel import ProblemsPanel
from annotator.ui.pickers import Choice, Picker
from annotator.ui.qtmodels.event_tree import EventTreeModel, Slot

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

EDIT_ERRORS = (AnnotatorError, sqlite3.Error, OSError)
EXPAND_ALL_UP_TO = 200


@dataclass(frozen=True)
class ArmedSlot:
    """The role slot the next clicked or tagged entity fills."""

    event_id: int
    role: str


class EventEditing(QObject):
    """Owns the event panel, the problems list and every event action of a main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.armed: ArmedSlot | None = None
        self._watched: DocumentLayer | None = None
        # Validation runs once after a burst of edits, not once per edit.
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(120)
        self._problems_timer.timeout.connect(self.refresh_problems)
        self.model = EventTreeModel(self)
        self.panel = EventPanel(self.model, window)
        self.dock = window._dock("Events", "events_dock", self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.problems = ProblemsPanel(window)
        self.problems_dock = window._dock(
            "Problems", "problems_dock", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.panel.event_chosen.connect(self._event_chosen)
        self.panel.slot_chosen.connect(self._slot_chosen)
        self.problems.issue_chosen.connect(self._issue_chosen)
        view = window.text_view
        view.current_event_changed.connect(self._current_event_changed)
        view.span_clicked.connect(self._span_clicked)
        act = make_action
        self.action_new = act(
            window,
            "event.new",
            "Add &Event at Selection…",
            self.new_event,
            ["E"],
            tip="Make the selection an event trigger and choose its type",
        )
        self.action_retype = act(window, "event.retype", "Change Event &Type…", self.retype, ["Shift+E"])
        self.action_move = act(
            window, "event.move_trigger", "&Move Trigger to Selection", self.move_trigger, ["Shift+M"]
        )
        self.action_fill = act(
            window,
            "event.fill_role",
            "Fill a &Role…",
            self.fill_role_by_keyboard,
            ["R"],
            tip="Pick a role of the selected event, then an entity mention for it",
        )
        self.action_remove = act(
            window,
            "event.delete",
            "&Delete Event or Argument",
            self.delete_selected,
            ["Ctrl+Shift+Backspace"],
        )
        self.action_next = act(window, "event.next", "Ne&xt Event", lambda: self.step(1), ["]"])
        self.action_previous = act(window, "event.previous", "Pre&vious Event", lambda: self.step(-1), ["["])
        self.action_next_problem = act(
            window, "event.next_problem", "Next &Problem", self.next_problem, ["F8"]
        )
        self.actions = [
            self.action_new,
            self.action_retype,
            self.action_move,
            self.action_fill,
            self.action_remove,
            self.action_next,
            self.action_previous,
            self.action_next_problem,
        ]

    # -- wiring ------------------------------------------------------------------------------------

    def build_menu(self, menu: QMenu) -> None:
        """Fill the Events menu."""
        menu.addActions(self.actions[:5])
        menu.addSeparator()
        menu.addActions(self.actions[5:])
        menu.addSeparator()
        menu.addActions([self.dock.toggleViewAction(), self.problems_dock.toggleViewAction()])

    def docks(self) -> list[QDockWidget]:
        """The docks this controller adds."""
        return [self.dock, self.problems_dock]

    def show_layer(self) -> None:
        """The window opened another document: show its events."""
        layer = self.window.layer
        if layer is None:
            return
        self.disarm()
        self.window.text_view.set_events(layer.events)
        self.model.set_content(layer.text, layer.events, self.window.project.schema, layer.spans.get)
        if len(layer.events) <= EXPAND_ALL_UP_TO:
            self.panel.view.expandAll()  # a long list opens collapsed; the selected event expands
        if self._watched is not None:
            self._watched.events.unsubscribe(self._events_changed)
            self._watched.spans.unsubscribe(self._spans_changed)
        layer.events.subscribe(self._events_changed)
        layer.spans.subscribe(self._spans_changed)
        self._watched = layer
        self.problems.set_issues([])
        self._problems_timer.start()

    def clear_problems(self) -> None:
        """Another document is opening: empty the problems list and cancel a pending validation.

        The validation would otherwise fire inside the next document's first paint (120 ms after the
        last edit of this one) and check a layer that is no longer shown; show_layer starts it again.
        """
        self._problems_timer.stop()
        self.problems.set_issues([])

    def _events_changed(self, kind: str, row: int, event: Event | None) -> None:
        del row, event
        if kind in ("inserted", "removed", "changed", "reset"):
            self._problems_timer.start()

    def _spans_changed(self, kind: str, row: int, span: Span | None) -> None:
        # Only events that use a span can show it or be made invalid by it: an edit of any other span
        # costs nothing here, however many events the document has.
        del row
        layer = self.window.layer
        if kind == "reset" or layer is None:
            self.model.refresh_fillers()
            self._problems_timer.start()
        elif kind in ("inserted", "removed", "changed") and span is not None:
            affected = {event.id for event, _argument in layer.events.filling(span.id)}
            if affected:
                self.model.refresh_events(affected)
                self._problems_timer.start()

    def refresh_problems(self) -> None:
        """Validate the open document's events again."""
        layer = self.window.layer
        if layer is None:
            self.problems.set_issues([])
            return
        spans = {s.id: s for s in layer.spans}
        self.problems.set_issues(validate_events(layer.events, spans, self.window.project.schema, layer.text))

    def _stack_push(self, command: object) -> None:
        self.window.undo_group.activeStack().push(command)  # type: ignore[arg-type]

    def _report(self, what: str, exc: BaseException) -> None:
        self.window._report_error(f"Could not {what}: {exc}")

    # -- events ------------------------------------------------------------------------------------

    def _pick_type(self, title: str, current: str = "") -> str | None:
        schema = self.window.project.schema
        choices = [Choice(t.name, t.name, t.description) for t in schema.event_types]
        picker = Picker(title, "Event type:", choices, self.window, ranked=True)
        if current:
            picker.search.setText("")
        if picker.exec() and isinstance(picker.chosen, str):
            return picker.chosen
        return None

    def new_event(self, event_type: str | None = None) -> Event | None:
        """Make the selection a trigger of a new event (asking for its type unless given)."""
        layer = self.window.layer
        selection = self.window.text_view.selection_offsets()
        if layer is None or selection is None:
            self.window.statusBar().showMessage("Select the trigger word(s) first, then press E", 4000)
            return None
        event_type = event_type or self._pick_type("New Event")
        if event_type is None:
            return None
        try:
            event = layer.add_event(event_type, *selection)
        except EDIT_ERRORS as exc:
            self._report("add the event", exc)
            return None
        self._stack_push(AddEvent(layer, event))
        self.select_event(event)
        return event

    def select_event(self, event: Event | None) -> None:
        """Make an event current everywhere: trigger selected, roles labelled, panel row selected."""
        self.window.text_view.set_current_event(event, select=event is not None)
        self.panel.show_event(event)

    def current_event(self) -> Event | None:
        """The selected event, as it is now."""
        event = self.window.text_view.current_event()
        layer = self.window.layer
        return layer.events.get(event.id) if event is not None and layer is not None else None

    def retype(self, event_type: str | None = None) -> None:
        """Retype the selected event, keeping its arguments (Problems lists roles that no longer fit)."""
        layer, event = self.window.layer, self.current_event()
        if layer is None or event is None:
            self.window.statusBar().showMessage("Select an event first", 3000)
            return
        event_type = event_type or self._pick_type(f"Change type of {event.type}", event.type)
        if event_type is not None and event_type != event.type:
            self._change(layer, event, "retype the event", type=event_type)

    def move_trigger(self) -> None:
        """Move the selected event's trigger to the selected text."""
        layer, event = self.window.layer, self.current_event()
        selection = self.window.text_view.selection_offsets()
        if layer is None or event is None or selection is None:
            self.window.statusBar().showMessage("Select an event, then the new trigger text", 3000)
            return
        self._change(layer, event, "move the trigger", start=selection[0], end=selection[1])

    def _change(self, layer: DocumentLayer, event: Event, what: str, **changes: Any) -> None:
        """Retype or move an event (committed first), then push the undoable step."""
        try:
            before = layer.change_event(event.id, **changes)
        except EDIT_ERRORS as exc:
            self._report(what, exc)
            return
        after = layer.events.get(event.id)
        if after is not None:
            self._stack_push(ChangeEvent(layer, before, after))

    def delete_event(self, event: Event) -> None:
        """Delete an event and its arguments (undoable)."""
        layer = self.window.layer
        if layer is None:
            return
        try:
            removed = layer.remove_event(event.id)
        except EDIT_ERRORS as exc:
            self._report("delete the event", exc)
            return
        self._stack_push(RemoveEvent(layer, removed))

    def delete_selected(self) -> None:
        """Delete the argument or event selected in the event panel, else the selected event."""
        slot = self.panel.current_slot() if self.panel.view.hasFocus() else None
        if slot is not None and slot.argument is not None:
            self.remove_argument(slot)
            return
        event = self.current_event()
        if event is not None:
            self.delete_event(event)

    def step(self, direction: int) -> None:
        """Select the next or previous event in reading order."""
        layer = self.window.layer
        if layer is None or not len(layer.events):
            return
        event = self.current_event()
        row = layer.events.row_of(event.id) + direction if event else (0 if direction > 0 else -1)
        self.select_event(layer.events[row % len(layer.events)])

    # -- arguments ---------------------------------------------------------------------------------

    def arm(self, event_id: int, role: str) -> None:
        """The next entity clicked (or tagged) fills this role."""
        self.armed = ArmedSlot(event_id, role)
        self.window.statusBar().showMessage(
            f"Click an entity (or select text and press a label key) to fill {role}; Esc cancels"
        )

    def disarm(self) -> None:
        """Stop waiting for a filler."""
        if self.armed is not None:
            self.armed = None
            self.window.statusBar().clearMessage()

    def fill(self, span: Span, event_id: int | None = None, role: str | None = None) -> bool:
        """Put an entity span in a role slot (the armed one unless given); True when it was filled."""
        layer = self.window.layer
        if event_id is None or role is None:
            if self.armed is None:
                return False
            event_id, role = self.armed.event_id, self.armed.role
        if layer is None:
            return False
        event = layer.events.get(event_id)
        event_type = self.window.project.schema.event_type(event.type) if event else None
        definition = event_type.role(role) if event_type else None
        try:
            argument = layer.add_argument(event_id, role, span.id)
        except EDIT_ERRORS as exc:
            self._report(f"fill {role}", exc)
            return False
        self._stack_push(AddArgument(layer, event_id, argument))
        self.disarm()
        if definition is not None and definition.types and span.label not in definition.types:
            self.window.statusBar().showMessage(
                f"⚠ {role} allows {', '.join(definition.types)}; "
                f"“{span.text_in(layer.text)}” is {span.label}",
                8000,
            )
        else:
            self.window.statusBar().showMessage(f"Filled {role} with “{span.text_in(layer.text)}”", 3000)
        refreshed = layer.events.get(event_id)
        if refreshed is not None:
            self.window.text_view.set_current_event(refreshed)
            self.panel.show_event(refreshed)
        return True

    def remove_argument(self, slot: Slot) -> None:
        """Empty a filled slot (undoable)."""
        layer = self.window.layer
        if layer is None or slot.argument is None:
            return
        try:
            argument = layer.remove_argument(slot.event_id, slot.argument.id)
        except EDIT_ERRORS as exc:
            self._report(f"remove {slot.role}", exc)
            return
        self._stack_push(RemoveArgument(layer, slot.event_id, argument))

    def candidates(self, event: Event, role: str) -> list[Choice]:
        """Entity mentions to offer for a role: allowed types first, each group nearest the trigger first."""
        layer = self.window.layer
        schema = self.window.project.schema
        event_type = schema.event_type(event.type)
        definition = event_type.role(role) if event_type else None
        allowed = definition.types if definition else ()
        taken = {a.span_id for a in event.fillers(role)}
        choices: list[tuple[bool, int, Choice]] = []
        for span in layer.spans if layer else []:
            if span.id in taken:
                continue
            distance = abs(span.start - event.start)
            bad = bool(allowed) and span.label not in allowed
            text = " ".join(span.text_in(layer.text if layer else "").split())
            note = f"{span.label}" + (f" (role allows {', '.join(allowed)})" if bad else "")
            choices.append((bad, distance, Choice(text, span, note, warn=bad)))
        return [c for _bad, _d, c in sorted(choices, key=lambda t: (t[0], t[1]))]

    def fill_role_by_keyboard(self) -> None:
        """R: choose a role of the selected event from a menu, then an entity mention from a picker."""
        event = self.current_event()
        if event is None:
            self.window.statusBar().showMessage("Select an event first ([ and ] step through events)", 3000)
            return
        event_type = self.window.project.schema.event_type(event.type)
        if event_type is None or not event_type.roles:
            return
        choices = []
        for role in event_type.roles:
            filled = len(event.fillers(role.name))
            note = (
                "/".join(role.types)
                + (f" · {filled} filled" if filled else "")
                + (" · required" if role.required else "")
            )
            choices.append(Choice(role.name, role.name, note))
        picker = Picker(f"Fill a role of {event.type}", "Role:", choices, self.window)
        if not picker.exec() or not isinstance(picker.chosen, str):
            return
        self.choose_filler(event, picker.chosen)

    def choose_filler(self, event: Event, role: str) -> None:
        """Offer the entity mentions for a role and fill it with the one chosen."""
        choices = self.candidates(event, role)
        if not choices:
            self.arm(event.id, role)
            return
        picker = Picker(
            f"Fill {role}", f"{role} of {event.type} “{self._trigger_text(event)}”:", choices, self.window
        )
        if picker.exec() and isinstance(picker.chosen, Span):
            self.fill(picker.chosen, event.id, role)

    def _trigger_text(self, event: Event) -> str:
        layer = self.window.layer
        return layer.text[event.start : event.end] if layer else ""

    def confirm_span_delete(self, spans: list[Span]) -> bool:
        """Deleting entities that fill roles: ask first. True to go on."""
        layer = self.window.layer
        if layer is None:
            return False
        uses = [(span, event, arg) for span in spans for event, arg in layer.events.filling(span.id)]
        if not uses:
            return True
        lines = [
            f"“{span.text_in(layer.text)}” is {arg.role} of {event.type}" for span, event, arg in uses[:8]
        ]
        answer = QMessageBox.question(
            self.window,
            "Delete entity that fills roles?",
            "\n".join(lines) + "\n\nDelete the entity and remove it from these events?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_span_with_arguments(self, span: Span) -> bool:
        """Delete an entity span and the arguments it fills as one undoable step."""
        layer = self.window.layer
        if layer is None:
            return False
        try:
            removed_span, removed = layer.remove_span_with_arguments(span.id)
        except EDIT_ERRORS as exc:
            self._report("delete the entity", exc)
            return False
        self._stack_push(RemoveSpanWithArguments(layer, removed_span, removed))
        return True

    # -- signals -----------------------------------------------------------------------------------

    def _event_chosen(self, event: Event) -> None:
        self.disarm()
        self.window.text_view.set_current_event(event, select=True)

    def _slot_chosen(self, slot: Slot) -> None:
        layer = self.window.layer
        event = layer.events.get(slot.event_id) if layer else None
        if event is None:
            return
        self.window.text_view.set_current_event(event)
        if slot.argument is not None and layer is not None:
            span = layer.spans.get(slot.argument.span_id)
            if span is not None:
                self.window.text_view.set_current_span(span, select=True)
        self.arm(slot.event_id, slot.role)

    def _span_clicked(self, span: Span) -> None:
        if self.armed is not None:
            self.fill(span)

    def _current_event_changed(self, event: Event | None) -> None:
        if event is None:
            self.disarm()
        if not self.panel.view.hasFocus():
            self.panel.show_event(event)

    def _issue_chosen(self, issue: Issue) -> None:
        layer = self.window.layer
        event = layer.events.get(issue.event_id) if layer else None
        if event is not None:
            self.window.text_view.set_current_event(event)
            self.panel.show_event(event)
        self.window.text_view.select_offsets(issue.start, issue.end)

    def next_problem(self) -> None:
        """Jump to the next problem of the list (F8), as IDEs do."""
        issues = self.problems.issues
        if not issues:
            self.window.statusBar().showMessage("No problems in this document", 3000)
            return
        row = (self.problems.list.currentRow() + 1) % len(issues)
        self.problems.list.setCurrentRow(row)
        self._issue_chosen(issues[row])
