"""Documents: the exact text of an article with its title, metadata and work status."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("new", "in_progress", "done")
STATUS_TITLES = {"new": "New", "in_progress": "In progress", "done": "Done"}
# Review of the annotators' layers (annotator.model.review), apart from the work status above.
REVIEW_STATES = ("unreviewed", "in_review", "adjudicated")
REVIEW_TITLES = {"unreviewed": "Unreviewed", "in_review": "In review", "adjudicated": "Adjudicated"}


def content_hash(text: str) -> str:
    """The hash that identifies a text across projects: SHA-256 of its exact UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Document:
    """One article: its text is kept exactly as imported (CRLF and every other character)."""

    id: int
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "new"
    ext_id: str = ""

    @property
    def hash(self) -> str:
        """The content hash of the text."""
        return content_hash(self.text)


@dataclass(frozen=True)
class DocumentSummary:
    """What the document list shows of a document, without its text."""

    id: int
    title: str
    status: str
    entity_count: int
    review: str = "unreviewed"  # one of REVIEW_STATES
