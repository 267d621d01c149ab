"""One annotator's layer of one document: in-memory span and event lists kept equal to the project file."""

from __future__ import annotations

from dataclasses import replace

from annotator.model.document import Document
from annotator.model.events import Argument, Event, EventList
from annotator.model.spans import Span, SpanList, collector_paused
from annotator.store.project import Project


class DocumentLayer:
    """The spans and events one annotator made in one document.

    Each edit is committed to the project file first and only then applied to ``spans`` or ``events``,
    whose listeners update the screen; so whatever the screen shows as done is already on disk, and an edit
    the file refuses (disk full, locked) leaves the screen unchanged.

    With ``first``, only the spans and events that start before that offset are read at once (what the
    first screen of a long article shows; see ``IntervalList.partial``) and the rest when
    ``ensure_loaded`` is called, or when anything but painting asks the lists for more. Every edit
    method loads the rest before it writes, so the rest is always read from the file as it was before
    the edit, and no edit acts on a layer with items missing.
    """

    def __init__(
        self, project: Project, document: Document, annotator: str, *, first: int | None = None
    ) -> None:
        self.project = project
        self.document = document
        self.annotator = annotator
        doc_id = document.id
        if first is None or first >= len(document.text):
            self.spans = SpanList(project.spans(doc_id, annotator))
            self.events = EventList(project.events(doc_id, annotator))
        else:
            self.spans = SpanList.partial(
                first, lambda lo, hi: project.spans(doc_id, annotator, starts=(lo, hi))
            )
            self.events = EventList.partial(
                first, lambda lo, hi: project.events(doc_id, annotator, starts=(lo, hi))
            )

    @property
    def loaded(self) -> bool:
        """Whether the spans and events are all in memory (always, unless opened with ``first``)."""
        return self.spans.loaded and self.events.loaded

    def ensure_loaded(self) -> None:
        """Read the spans and events not read yet (opened with ``first``); nothing to do once loaded."""
        if not self.loaded:
            with collector_paused():  # one pause for both lists
                self.spans.ensure_loaded()
                self.events.ensure_loaded()

    def load_more(self, chars: int) -> bool:
        """Read the spans and events of the next ``chars`` code points not read yet; True once all are.

        The window loads the rest of a long article this way after its first frame, a step per pass of
        the event loop, so that a key or click is never kept waiting for the whole layer.
        """
        held = self.spans.held_until
        until = None if held is None else held + max(chars, 1)  # always a step forward
        if until is None or until >= len(self.text):
            self.ensure_loaded()
            return True
        with collector_paused():
            self.spans.load_until(until)
            self.events.load_until(until)
        return False

    @property
    def text(self) -> str:
        """The document's exact text."""
        return self.document.text

    def add(self, start: int, end: int, label: str) -> Span:
        """Create a span and return it."""
        self.ensure_loaded()
        span = self.project.add_span(self.document.id, self.annotator, start, end, label)
        self.spans.insert(span)
        return span

    def restore(self, span: Span) -> None:
        """Put back a span that was removed, with its id and times (undo of remove, redo of add)."""
        self.ensure_loaded()
        self.project.restore_span(self.document.id, span)
        self.spans.insert(span)

    def remove(self, span_id: int) -> Span:
        """Delete a span and return it."""
        self.ensure_loaded()
        self.project.delete_span(span_id)
        return self.spans.remove(span_id)

    def change(
        self, span_id: int, *, label: str | None = None, start: int | None = None, end: int | None = None
    ) -> Span:
        """Relabel or move a span; return the span as it was before."""
        self.ensure_loaded()
        old = self.spans.get(span_id)
        if old is None:
            raise KeyError(span_id)
        new = old._replace(
            label=old.label if label is None else label,
            start=old.start if start is None else start,
            end=old.end if end is None else end,
        )
        stored = self.project.update_span(new)
        self.spans.replace(stored)
        return old

    def put_back(self, span: Span) -> None:
        """Restore a span's earlier label and offsets, times included (undo of change)."""
        self.ensure_loaded()
        self.project.update_span(span, stamp=span.updated)
        self.spans.replace(span)

    # -- events ------------------------------------------------------------------------------------

    def _event(self, event_id: int) -> Event:
        event = self.events.get(event_id)
        if event is None:
            raise KeyError(event_id)
        return event

    def add_event(self, type: str, start: int, end: int) -> Event:
        """Create an event without arguments at a trigger and return it."""
        self.ensure_loaded()
        event = self.project.add_event(self.document.id, self.annotator, type, start, end)
        self.events.insert(event)
        return event

    def restore_event(self, event: Event) -> None:
        """Put back a removed event with its id, times and arguments (undo of remove, redo of add)."""
        self.ensure_loaded()
        self.project.restore_event(self.document.id, event)
        self.events.insert(event)

    def remove_event(self, event_id: int) -> Event:
        """Delete an event with its arguments and return it."""
        self.ensure_loaded()
        self._event(event_id)
        self.project.delete_event(event_id)
        return self.events.remove(event_id)

    def change_event(
        self, event_id: int, *, type: str | None = None, start: int | None = None, end: int | None = None
    ) -> Event:
        """Retype an event or move its trigger, keeping its arguments; return the event as it was before."""
        self.ensure_loaded()
        old = self._event(event_id)
        new = replace(
            old,
            type=old.type if type is None else type,
            start=old.start if start is None else start,
            end=old.end if end is None else end,
        )
        self.events.replace(self.project.update_event(new))
        return old

    def put_back_event(self, event: Event) -> None:
        """Restore an event's earlier type, trigger and update time (undo of change); arguments stay."""
        self.ensure_loaded()
        current = self._event(event.id)
        self.project.update_event(event, stamp=event.updated)
        self.events.replace(event.with_arguments(current.arguments))

    def add_argument(self, event_id: int, role: str, span_id: int) -> Argument:
        """Put an entity span of this layer in a role of an event and return the argument."""
        self.ensure_loaded()
        event = self._event(event_id)
        argument = self.project.add_argument(event_id, role, span_id)
        self.events.replace(event.with_arguments(_by_id((*event.arguments, argument))))
        return argument

    def restore_argument(self, event_id: int, argument: Argument) -> None:
        """Put back a removed argument with its id (undo of remove, redo of add)."""
        self.ensure_loaded()
        event = self._event(event_id)
        self.project.restore_argument(event_id, argument)
        self.events.replace(event.with_arguments(_by_id((*event.arguments, argument))))

    def remove_argument(self, event_id: int, argument_id: int) -> Argument:
        """Take an argument out of its event and return it."""
        self.ensure_loaded()
        event = self._event(event_id)
        argument = event.argument(argument_id)
        if argument is None:
            raise KeyError(argument_id)
        self.project.delete_argument(argument_id)
        self.events.replace(event.with_arguments(tuple(a for a in event.arguments if a.id != argument_id)))
        return argument

    def remove_span_with_arguments(self, span_id: int) -> tuple[Span, list[tuple[int, Argument]]]:
        """Delete a span and the arguments it fills in one transaction; return them (with event ids)."""
        self.ensure_loaded()
        span = self.spans.get(span_id)
        if span is None:
            raise KeyError(span_id)
        removed = [(event.id, argument) for event, argument in self.events.filling(span_id)]
        with self.project.transaction():
            for _, argument in removed:
                self.project.delete_argument(argument.id)
            self.project.delete_span(span_id)
        gone = {argument.id for _, argument in removed}
        for event_id in dict.fromkeys(event_id for event_id, _ in removed):
            event = self._event(event_id)
            self.events.replace(event.with_arguments(tuple(a for a in event.arguments if a.id not in gone)))
        self.spans.remove(span_id)
        return span, removed

    def restore_span_with_arguments(self, span: Span, removed: list[tuple[int, Argument]]) -> None:
        """Put back a span and the arguments it filled in one transaction (undo of the removal)."""
        self.ensure_loaded()
        with self.project.transaction():
            self.project.restore_span(self.document.id, span)
            for event_id, argument in removed:
                self.project.restore_argument(event_id, argument)
        self.spans.insert(span)
        for event_id in dict.fromkeys(event_id for event_id, _ in removed):
            event = self._event(event_id)
            back = tuple(argument for ident, argument in removed if ident == event_id)
            self.events.replace(event.with_arguments(_by_id(event.arguments + back)))


def _by_id(arguments: tuple[Argument, ...]) -> tuple[Argument, ...]:
    """Arguments in the order the project file gives them: by id."""
    return tuple(sorted(arguments, key=lambda a: a.id))
