"""Entities and events of a record placed on its document's tokens, for the formats that hold token indices.

Hugging Face, DyGIE++ and OneIE exports share these steps, so they name documents the same way and
give the same reason for every entity, event and argument they cannot write. Reasons follow the
span's description, as in CoNLL: ``PER 'Baghouz' at 0-7 does not align with tokens (...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Placed, Tokenized, describe
from annotator.model.records import ArgumentRecord, DocumentRecord, EntityRecord, EventRecord


class DocumentKeys:
    """A unique id for each document of one export: its own id, else ``doc<n>`` for the n-th record.

    A key met before gets ``-2``, ``-3``... (two annotators' layers of one document, or repeated ids),
    so that sentence and mention ids built from keys never collide.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._count = 0

    def key(self, record: DocumentRecord) -> str:
        """The key of the next record."""
        self._count += 1
        base = record.ext_id or f"doc{self._count}"
        key, number = base, 1
        while key in self._used:
            number += 1
            key = f"{base}-{number}"
        self._used.add(key)
        return key


def place_entities(record: DocumentRecord, doc: Tokenized, where: str, report: FormatReport) -> list[Placed]:
    """The entities that cover whole tokens of one sentence, in record order; the rest are reported.

    Each Placed has the EntityRecord as its key.
    """
    text = record.text
    placed: list[Placed] = []
    for entity in record.entities:
        span = describe(text, entity.label, entity.start, entity.end)
        if not entity.label.strip():
            report.skip("entity", f"{span}: the label is empty", where)
            continue
        tokens = doc.token_range(entity.start, entity.end)
        if isinstance(tokens, str):
            report.skip("entity", f"{span} {tokens}", where)
            continue
        placed.append(Placed(entity, entity.label, entity.start, entity.end, *tokens))
    return placed


def by_entity_id(placed: Iterable[Placed]) -> dict[str, Placed]:
    """The placed entities of ``place_entities`` by entity id, for ``place_events``."""
    out: dict[str, Placed] = {}
    for item in placed:
        entity = item.key
        assert isinstance(entity, EntityRecord)  # place_entities keys every Placed by its record
        out[entity.id] = item
    return out


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    """An event whose trigger covers whole tokens (first, last + 1) of one sentence.

    ``arguments`` holds the arguments whose entity was placed in the same sentence, with that entity.
    """

    event: EventRecord
    first: int
    stop: int
    sentence: int
    arguments: tuple[tuple[ArgumentRecord, Placed], ...]


def place_events(
    record: DocumentRecord,
    doc: Tokenized,
    entities: Mapping[str, Placed],
    where: str,
    report: FormatReport,
    *,
    single_token: str = "",
) -> list[PlacedEvent]:
    """The events whose trigger covers whole tokens, in record order; the rest are reported.

    Args:
        record: the document.
        doc: its tokens.
        entities: the placed entities by entity id; an argument whose entity is not here is reported.
        where: the document's id, for the report.
        report: what cannot be written goes here.
        single_token: the format's name when its triggers are single tokens: a longer trigger is reported.
    """
    text = record.text
    known: dict[str, EntityRecord] = {entity.id: entity for entity in record.entities}
    placed: list[PlacedEvent] = []
    for event in record.events:
        at = f"{where} ({event.id})"
        trigger = describe(text, event.type, event.trigger_start, event.trigger_end)
        tokens = doc.token_range(event.trigger_start, event.trigger_end)
        if isinstance(tokens, str):
            report.skip("event", f"trigger {trigger} {tokens}", at)
            continue
        first, stop = tokens
        if single_token and stop - first > 1:
            why = f"trigger {trigger} covers {stop - first} tokens; {single_token} triggers are one token"
            report.skip("event", why, at)
            continue
        sentence = doc.sentence_of(first)
        arguments: list[tuple[ArgumentRecord, Placed]] = []
        for argument in event.arguments:
            filler = entities.get(argument.entity)
            entity = known.get(argument.entity)
            if entity is None:
                why = f"{argument.role}: the entity {argument.entity!r} is not in the document"
            elif filler is None:
                why = f"{argument.role}: its entity {_entity(text, entity)} was not written"
            elif doc.sentence_of(filler.first) != sentence:
                why = f"{argument.role}: its entity {_entity(text, entity)} is not in the trigger's sentence"
            else:
                arguments.append((argument, filler))
                continue
            report.skip("argument", why, at)
        placed.append(PlacedEvent(event, first, stop, sentence, tuple(arguments)))
    return placed


def _entity(text: str, entity: EntityRecord) -> str:
    return describe(text, entity.label, entity.start, entity.end)
