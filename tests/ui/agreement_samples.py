"""Projects labelled by several annotators, made through the import path the app itself uses."""

from __future__ import annotations

from annotator.model.records import DocumentRecord, EntityRecord
from annotator.store.project import Project
from annotator.store.transfer import import_records

TEXTS = {
    "Flood in Raqqa": "Rescue teams reached Raqqa on Tuesday after the Euphrates flooded the old city.",
    "Talks in Geneva": "Envoy Geir Pedersen met delegates of the Syrian government in Geneva on Monday.",
    "Strike at the port": "About 300 dockworkers of the Coastal Union walked out at Velmora port.",
}

Layers = dict[str, dict[str, list[tuple[str, str]]]]
"""annotator -> document title -> [(phrase, label)]."""

THREE_ANNOTATORS: Layers = {
    "maria": {
        "Flood in Raqqa": [("Raqqa", "GPE"), ("Euphrates", "LOC"), ("Rescue teams", "ORG")],
        "Talks in Geneva": [("Geir Pedersen", "PER"), ("Syrian government", "ORG"), ("Geneva", "GPE")],
        "Strike at the port": [("300 dockworkers", "PER"), ("Coastal Union", "ORG"), ("Velmora", "GPE")],
    },
    "omar": {
        "Flood in Raqqa": [("Raqqa", "GPE"), ("Euphrates", "LOC"), ("Rescue teams", "ORG")],
        "Talks in Geneva": [("Envoy Geir Pedersen", "PER"), ("government", "GPE"), ("Geneva", "GPE")],
        "Strike at the port": [("300 dockworkers", "PER"), ("Coastal Union", "ORG"), ("Velmora", "GPE")],
    },
    "lena": {
        "Flood in Raqqa": [("Raqqa", "GPE"), ("Euphrates", "LOC"), ("teams", "PER")],
        "Talks in Geneva": [("Pedersen", "PER"), ("Geneva", "LOC")],
        "Strike at the port": [("dockworkers", "PER"), ("Coastal Union", "GPE")],
    },
}


def record(title: str, text: str, annotator: str, phrases: list[tuple[str, str]]) -> DocumentRecord:
    """A document record whose entities are the first occurrence of each phrase."""
    entities = []
    for number, (phrase, label) in enumerate(phrases, start=1):
        start = text.index(phrase)
        entities.append(EntityRecord(f"T{number}", start, start + len(phrase), label))
    return DocumentRecord(text=text, title=title, annotator=annotator, entities=tuple(entities))


def add_layers(project: Project, layers: Layers, texts: dict[str, str] | None = None) -> None:
    """Import each annotator's layer of each titled text (documents are matched by their text)."""
    texts = TEXTS if texts is None else texts
    for annotator, documents in layers.items():
        records = [record(title, texts[title], annotator, phrases) for title, phrases in documents.items()]
        if annotator == "gold":  # the adjudicated layer is imported only when said to be one
            import_records(project, records, annotator=annotator, gold=True)
        else:
            import_records(project, records, annotator=annotator)


def document_id(project: Project, title: str) -> int:
    """The id of the document with this title."""
    return next(d.id for d in project.summaries() if d.title == title)
