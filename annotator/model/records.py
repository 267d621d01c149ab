"""Plain records that format readers yield and writers take: a document with its entities and events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity mention: ``text[start:end]`` in code points, end exclusive, with its label."""

    id: str
    start: int
    end: int
    label: str
    text: str | None = None
    line: int = field(default=0, compare=False)
    """The line of the source file that holds it, for messages (0: the document's own line)."""


@dataclass(frozen=True, slots=True)
class ArgumentRecord:
    """One argument of an event: a role filled by an entity of the same document (by entity id)."""

    role: str
    entity: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event: its type, the trigger's offsets in code points and its arguments."""

    id: str
    type: str
    trigger_start: int
    trigger_end: int
    trigger_text: str | None = None
    arguments: tuple[ArgumentRecord, ...] = ()
    line: int = field(default=0, compare=False)
    """The line of the source file that holds it, for messages (0: the document's own line)."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One document as a file holds it; ``source`` and ``line`` say where it came from, for messages."""

    text: str
    title: str = ""
    ext_id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    annotator: str | None = None
    entities: tuple[EntityRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()
    line: int = 0
    source: str = ""

    @property
    def where(self) -> str:
        """``source:line`` (or just the source) for the start of an error message."""
        return self.where_line(self.line)

    def where_line(self, line: int) -> str:
        """``source:line`` for a line of this record's file (the record's own ``where`` for 0)."""
        if line:
            return f"{self.source or '<records>'}:{line}"
        return self.source or "<records>"
