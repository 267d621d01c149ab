"""One annotator's layer of one document: the in-memory span list kept equal to the project file."""

from __future__ import annotations

from dataclasses import replace

from annotator.model.document import Document
from annotator.model.spans import Span, SpanList
from annotator.store.project import Project


class DocumentLayer:
    """The spans one annotator made in one document.

    Each edit is committed to the project file first and only then applied to ``spans``, whose
    listeners update the screen; so whatever the screen shows as done is already on disk, and an edit
    the file refuses (disk full, locked) leaves the screen unchanged.
    """

    def __init__(self, project: Project, document: Document, annotator: str) -> None:
        self.project = project
        self.document = document
        self.annotator = annotator
        self.spans = SpanList(project.spans(document.id, annotator))

    @property
    def text(self) -> str:
        """The document's exact text."""
        return self.document.text

    def add(self, start: int, end: int, label: str) -> Span:
        """Create a span and return it."""
        span = self.project.add_span(self.document.id, self.annotator, start, end, label)
        self.spans.insert(span)
        return span

    def restore(self, span: Span) -> None:
        """Put back a span that was removed, with its id and times (undo of remove, redo of add)."""
        self.project.restore_span(self.document.id, span)
        self.spans.insert(span)

    def remove(self, span_id: int) -> Span:
        """Delete a span and return it."""
        self.project.delete_span(span_id)
        return self.spans.remove(span_id)

    def change(
        self, span_id: int, *, label: str | None = None, start: int | None = None, end: int | None = None
    ) -> Span:
        """Relabel or move a span; return the span as it was before."""
        old = self.spans.get(span_id)
        if old is None:
            raise KeyError(span_id)
        new = replace(
            old,
            label=old.label if label is None else label,
            start=old.start if start is None else start,
            end=old.end if end is None else end,
        )
        stored = self.project.update_span(new)
        self.spans.replace(stored)
        return old

    def put_back(self, span: Span) -> None:
        """Restore a span's earlier label and offsets, times included (undo of change)."""
        self.project.update_span(span, stamp=span.updated)
        self.spans.replace(span)
