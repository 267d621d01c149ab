"""Undoable edits. Each command calls a model method and its inverse and holds values, never widgets.

The first write of an edit happens before the command is pushed (so a refused write, such as a full
disk, is reported at the action and nothing is pushed); ``redo`` therefore skips its first call.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.model.document import STATUS_TITLES
from annotator.model.errors import AnnotatorError
from annotator.model.events import Argument, Event
from annotator.model.spans import Span
from annotator.store.layer import DocumentLayer
from annotator.store.project import Project
from annotator.store.review import DocumentReview, ReviewChange

ErrorReporter = Callable[[str], None]


def _noop_reporter(message: str) -> None:
    del message


class _Command(QUndoCommand):
    """Base: skips the first redo and turns a failed undo/redo into a reported, obsolete command."""

    reporter: ErrorReporter = _noop_reporter

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._guard(self._redo)

    def undo(self) -> None:
        self._guard(self._undo)

    def _guard(self, step: Callable[[], None]) -> None:
        try:
            step()
        except (AnnotatorError, OSError, KeyError, sqlite3.Error) as exc:
            # A locked or full disk: the file and the screen both stay as they were before this step.
            self.setObsolete(True)
            type(self).reporter(f"Could not {self.text()[0].lower()}{self.text()[1:]}: {exc}")

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


def set_error_reporter(reporter: ErrorReporter) -> None:
    """Where failed undo/redo steps are reported (the main window's status bar and a message box)."""
    _Command.reporter = reporter


class AddSpan(_Command):
    """A span was tagged."""

    def __init__(self, layer: DocumentLayer, span: Span) -> None:
        super().__init__(f"Tag “{_short(layer.text[span.start : span.end])}” as {span.label}")
        self._layer, self._span = layer, span

    def _redo(self) -> None:
        self._layer.restore(self._span)

    def _undo(self) -> None:
        self._layer.remove(self._span.id)


class RemoveSpans(_Command):
    """Spans were deleted (one or many, as one step)."""

    def __init__(self, layer: DocumentLayer, spans: list[Span]) -> None:
        what = (
            f"“{_short(layer.text[spans[0].start : spans[0].end])}”"
            if len(spans) == 1
            else f"{len(spans)} spans"
        )
        super().__init__(f"Delete {what}")
        self._layer, self._spans = layer, spans

    def _redo(self) -> None:
        with self._layer.project.transaction():
            for span in self._spans:
                self._layer.project.delete_span(span.id)
        for span in self._spans:
            self._layer.spans.remove(span.id)

    def _undo(self) -> None:
        with self._layer.project.transaction():
            for span in self._spans:
                self._layer.project.restore_span(self._layer.document.id, span)
        for span in self._spans:
            self._layer.spans.insert(span)


class ChangeSpan(_Command):
    """A span was relabelled or moved: ``before`` and ``after`` are the whole span."""

    def __init__(self, layer: DocumentLayer, before: Span, after: Span) -> None:
        text = f"Relabel “{_short(layer.text[after.start : after.end])}” as {after.label}"
        if (before.start, before.end) != (after.start, after.end):
            text = f"Resize “{_short(layer.text[after.start : after.end])}”"
        super().__init__(text)
        self._layer, self._before, self._after = layer, before, after

    def _redo(self) -> None:
        self._layer.put_back(self._after)

    def _undo(self) -> None:
        self._layer.put_back(self._before)


class SetStatus(_Command):
    """A document's status was set."""

    def __init__(
        self, project: Project, doc_id: int, before: str, after: str, changed: Callable[[int, str], None]
    ) -> None:
        super().__init__(f"Mark document {STATUS_TITLES.get(after, after).lower()}")
        self._project, self._doc_id = project, doc_id
        self._before, self._after, self._changed = before, after, changed

    def _redo(self) -> None:
        self._project.set_status(self._doc_id, self._after)
        self._changed(self._doc_id, self._after)

    def _undo(self) -> None:
        self._project.set_status(self._doc_id, self._before)
        self._changed(self._doc_id, self._before)


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class AddEvent(_Command):
    """An event was created at a trigger."""

    def __init__(self, layer: DocumentLayer, event: Event) -> None:
        super().__init__(f"Add {event.type} event “{_short(layer.text[event.start : event.end])}”")
        self._layer, self._event = layer, event

    def _redo(self) -> None:
        self._layer.restore_event(self._event)

    def _undo(self) -> None:
        self._event = self._layer.remove_event(self._event.id)


class RemoveEvent(_Command):
    """An event was deleted with its arguments."""

    def __init__(self, layer: DocumentLayer, event: Event) -> None:
        super().__init__(f"Delete {event.type} event “{_short(layer.text[event.start : event.end])}”")
        self._layer, self._event = layer, event

    def _redo(self) -> None:
        self._event = self._layer.remove_event(self._event.id)

    def _undo(self) -> None:
        self._layer.restore_event(self._event)


class ChangeEvent(_Command):
    """An event was retyped or its trigger moved: ``before`` and ``after`` are the whole event."""

    def __init__(self, layer: DocumentLayer, before: Event, after: Event) -> None:
        text = f"Retype event as {after.type}"
        if (before.start, before.end) != (after.start, after.end):
            text = f"Move trigger to “{_short(layer.text[after.start : after.end])}”"
        super().__init__(text)
        self._layer, self._before, self._after = layer, before, after

    def _redo(self) -> None:
        self._layer.put_back_event(self._after)

    def _undo(self) -> None:
        self._layer.put_back_event(self._before)


class AddArgument(_Command):
    """An entity span was put in a role slot of an event."""

    def __init__(self, layer: DocumentLayer, event_id: int, argument: Argument) -> None:
        super().__init__(f"Fill {argument.role}")
        self._layer, self._event_id, self._argument = layer, event_id, argument

    def _redo(self) -> None:
        self._layer.restore_argument(self._event_id, self._argument)

    def _undo(self) -> None:
        self._layer.remove_argument(self._event_id, self._argument.id)


class RemoveArgument(_Command):
    """An argument was taken out of its role slot."""

    def __init__(self, layer: DocumentLayer, event_id: int, argument: Argument) -> None:
        super().__init__(f"Remove {argument.role}")
        self._layer, self._event_id, self._argument = layer, event_id, argument

    def _redo(self) -> None:
        self._layer.remove_argument(self._event_id, self._argument.id)

    def _undo(self) -> None:
        self._layer.restore_argument(self._event_id, self._argument)


class RemoveSpanWithArguments(_Command):
    """An entity span that filled roles was deleted together with those arguments, as one step."""

    def __init__(self, layer: DocumentLayer, span: Span, removed: list[tuple[int, Argument]]) -> None:
        super().__init__(
            f"Delete “{_short(layer.text[span.start : span.end])}” and its {len(removed)} role(s)"
        )
        self._layer, self._span, self._removed = layer, span, removed

    def _redo(self) -> None:
        self._span, self._removed = self._layer.remove_span_with_arguments(self._span.id)

    def _undo(self) -> None:
        self._layer.restore_span_with_arguments(self._span, self._removed)


class ReviewStep(_Command):
    """A review decision (accept, reject, accept agreements) or the decisions a hand edit of gold made.

    ``changes`` were written before the push; undo takes them back in reverse order. ``changed`` tells
    the window to show the gold layer, the units and the review status as they are now.
    """

    def __init__(
        self, text: str, review: DocumentReview, changes: list[ReviewChange], changed: Callable[[], None]
    ) -> None:
        super().__init__(text)
        self._review, self._changes, self._changed = review, changes, changed

    def _redo(self) -> None:
        try:
            for change in self._changes:
                self._review.redo(change)
        finally:
            self._changed()

    def _undo(self) -> None:
        try:
            for change in reversed(self._changes):
                self._review.undo(change)
        finally:
            self._changed()
