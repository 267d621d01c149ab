"""Checking events against the schema: missing or surplus fillers, unknown types and roles, bad fillers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.model.events import Argument, Event
from annotator.model.schema import Schema
from annotator.model.spans import Span

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem of one event; ``start``-``end`` is where to jump to show it (trigger or filler)."""

    severity: str  # "error" | "warning"
    kind: str  # unknown_type, missing_role, too_many, unknown_role, dangling, disallowed_type
    message: str
    event_id: int
    argument_id: int | None
    start: int
    end: int


def validate_events(
    events: Iterable[Event], spans: Mapping[int, Span], schema: Schema, text: str
) -> list[Issue]:
    """The issues of every event, events in reading order; ``spans`` maps span ids of the layer to spans.

    An event's own issues come first (unknown type, then missing and surplus fillers in schema order),
    then those of its arguments in argument order. A filler of a type its role does not allow is a
    warning (annotators may overrule the schema); everything else is an error.
    """
    issues: list[Issue] = []
    for event in sorted(events, key=lambda e: e.sort_key):
        issues += _event_issues(event, spans, schema, text)
    return issues


def _event_issues(event: Event, spans: Mapping[int, Span], schema: Schema, text: str) -> list[Issue]:
    head = f"{event.type} {_quote(text[event.start : event.end])}: "
    issues: list[Issue] = []

    def at_trigger(severity: str, kind: str, message: str, argument: Argument | None = None) -> None:
        ident = None if argument is None else argument.id
        issues.append(Issue(severity, kind, head + message, event.id, ident, event.start, event.end))

    event_type = schema.event_type(event.type)
    if event_type is None:
        at_trigger(ERROR, "unknown_type", f"the event type {event.type} is not in the project schema")
    else:
        for role in event_type.roles:
            count = len(event.fillers(role.name))
            if role.required and count == 0:
                at_trigger(ERROR, "missing_role", f"required role {role.name} is empty")
            limit = role.max_fillers
            if limit is not None and count > limit:
                at_trigger(
                    ERROR, "too_many", f"role {role.name} takes at most {limit} filler but has {count}"
                )
    for argument in event.arguments:
        span = spans.get(argument.span_id)
        if span is None:
            at_trigger(
                ERROR,
                "dangling",
                f"the {argument.role} argument points at span {argument.span_id}, which no longer exists",
                argument,
            )
        filler = f"{argument.role} {_quote(text[span.start : span.end])}" if span else argument.role
        where = (span.start, span.end) if span else (event.start, event.end)
        if event_type is None:
            continue
        slot = event_type.role(argument.role)
        if slot is None:
            names = ", ".join(r.name for r in event_type.roles) or "none"
            message = f"{filler} fills a role this event type does not have (roles: {names})"
            issues.append(Issue(ERROR, "unknown_role", head + message, event.id, argument.id, *where))
        elif span is not None and span.label not in slot.types:
            message = f"{filler} is {span.label}; the role allows {', '.join(slot.types)}"
            issues.append(Issue(WARNING, "disallowed_type", head + message, event.id, argument.id, *where))
    return issues


def _quote(text: str, limit: int = 40) -> str:
    """Text in typographic quotes on one line, shortened if long."""
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"
