"""Workload sizes: the issue's full sizes, and a quick set for a sanity run."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Sizes:
    """How much data each scenario makes and works through."""

    article_bytes: int = 1_000_000
    article_spans: int = 20_000
    article_events: int = 2_000
    open_repeats: int = 3
    edits: int = 200
    documents: int = 100_000
    spans_per_doc: int = 10
    profile_documents: int = 10_000  # import/export are profiled on this many documents only
    filter_word: str = "aleppo"
    agreement_documents: int = 10_000
    agreement_annotators: int = 3

    @property
    def corpus_spans(self) -> int:
        return self.documents * self.spans_per_doc

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


FULL = Sizes()
QUICK = Sizes(
    article_bytes=200_000,
    article_spans=4_000,
    article_events=400,
    open_repeats=2,
    edits=50,
    documents=5_000,
    profile_documents=1_000,
)
