"""Events: a typed trigger span with arguments that point at entity spans by id, in role slots."""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.model.spans import IntervalList


@dataclass(frozen=True, slots=True)
class Argument:
    """One filled role slot: the entity span with id ``span_id`` plays ``role`` in its event."""

    id: int
    role: str
    span_id: int


@dataclass(frozen=True, slots=True)
class Event:
    """An event of a schema type, anchored at its trigger ``text[start:end]`` (code points)."""

    id: int
    type: str
    start: int
    end: int
    annotator: str = ""
    arguments: tuple[Argument, ...] = ()
    created: str = ""
    updated: str = ""

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Reading order of triggers, like spans."""
        return (self.start, -self.end, self.id)

    def fillers(self, role: str) -> list[Argument]:
        """The arguments filling one role."""
        return [a for a in self.arguments if a.role == role]

    def argument(self, argument_id: int) -> Argument | None:
        """One argument by id."""
        return next((a for a in self.arguments if a.id == argument_id), None)

    def with_arguments(self, arguments: tuple[Argument, ...]) -> Event:
        """A copy with other arguments."""
        return replace(self, arguments=arguments)


class EventList(IntervalList[Event]):
    """The events of one document layer, in reading order of their triggers."""

    def filling(self, span_id: int) -> list[tuple[Event, Argument]]:
        """Every (event, argument) in which this entity span fills a role."""
        return [(e, a) for e in self for a in e.arguments if a.span_id == span_id]
