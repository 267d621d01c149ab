"""OneIE JSONL export: one sentence per line, token spans within the sentence, exclusive ends.

The layout is the one OneIE's ``preprocessing/process_ace.py`` writes and ``data.py`` reads::

    {"doc_id": "d1", "sent_id": "d1-0",
     "tokens": ["Rebels", "attacked", "Raqqa", "."], "pieces": ["Rebels", "attacked", "Raqqa", "."],
     "token_lens": [1, 1, 1, 1], "sentence": "Rebels attacked Raqqa.",
     "entity_mentions": [{"id": "d1-T1", "text": "Rebels", "entity_type": "ORG", "mention_type": "UNK",
                          "start": 0, "end": 1}, ...],
     "relation_mentions": [],
     "event_mentions": [{"id": "d1-E1", "event_type": "Conflict:Attack",
                         "trigger": {"start": 1, "end": 2, "text": "attacked"},
                         "arguments": [{"entity_id": "d1-T1", "text": "Rebels", "role": "Attacker"}]}]}

- Every sentence of a document is a line, with or without mentions; ``sent_id`` is ``doc_id-n``, n
  counted from 0. ``sentence`` and every mention ``text`` are the stored text exactly (CRLF kept).
- Entity and event ids are the document key and the record's own id, so arguments point at the
  entity mentions of their sentence (OneIE looks them up there). ``mention_type`` is ``UNK``: the
  model has no NAM/NOM/PRO distinction, and no ``entity_subtype`` either, so neither is written.
- ``pieces`` and ``token_lens``: OneIE reads ``pieces`` (its length decides which sentences are too
  long) and pools the encoder's output over ``token_lens`` pieces per token, so the two must agree.
  They are a BERT word-piece split, which needs a model's vocabulary that the app does not ship. By
  default ``pieces`` equals ``tokens`` and every ``token_lens`` is 1: consistent, and what OneIE needs
  to load the file, but unknown words would become ``[UNK]``. Before training, redo the split with the
  encoder you train with, or pass ``wordpieces`` (for instance the ``tokenize`` method of a Hugging
  Face tokenizer): a sentence with a token that gets no pieces is then reported and left out, as
  OneIE's own preprocessing drops it.
- ``relation_mentions`` are empty: the model has no relations yet.

Reported and left out (the reasons follow ``placing``): spans that do not align with tokens or cross
a sentence boundary, arguments outside their trigger's sentence, a second event with the same trigger
tokens and type as another (OneIE's loaders reject repeated triggers) and a second role for the same
entity in one event (OneIE keeps one). Nested and overlapping entities are written: OneIE's loader
maps each one that overlaps an earlier one onto it. Title, status and metadata are not written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from annotator.formats.jsonl import encode_line
from annotator.formats.placing import DocumentKeys, PlacedEvent, by_entity_id, place_entities, place_events
from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Placed, describe, tokenize_document
from annotator.model.records import DocumentRecord, EntityRecord
from annotator.model.schema import Schema

MENTION_TYPE = "UNK"

WordPieces = Callable[[str], list[str]]
"""Splits one token into word pieces (a Hugging Face tokenizer's ``tokenize``)."""


def write_oneie(
    records: Iterable[DocumentRecord],
    target: Path | str | TextIO,
    *,
    wordpieces: WordPieces | None = None,
    report: FormatReport | None = None,
) -> FormatReport:
    """Write records as OneIE JSONL (UTF-8, LF), one line per sentence, to a file or an open stream.

    Args:
        records: the documents to write.
        target: a path or an open text stream.
        wordpieces: splits a token into the pieces of the encoder OneIE will train; by default each
            token is its own single piece.
        report: filled with counts and skips, if given; returned either way.
    """
    report = report if report is not None else FormatReport()
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            return write_oneie(records, stream, wordpieces=wordpieces, report=report)
    keys = DocumentKeys()
    for record in records:
        for obj in sentence_objects(record, keys.key(record), report, wordpieces):
            target.write(encode_line(obj))
            target.write("\n")
    return report


def export_oneie(records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport) -> None:
    """The registry's writer: tokens as their own pieces."""
    write_oneie(records, path, report=report)


def sentence_objects(
    record: DocumentRecord, key: str, report: FormatReport, wordpieces: WordPieces | None = None
) -> list[dict[str, Any]]:
    """The OneIE objects of one document's sentences; skips go to the report."""
    text = record.text
    doc = tokenize_document(text)
    placed = place_entities(record, doc, key, report)
    events = place_events(record, doc, by_entity_id(placed), key, report)
    if not doc.sentences:
        report.skip("document", "has no tokens, so no sentences to write", key)
        return []

    entities_in: list[list[Placed]] = [[] for _ in doc.sentences]
    for item in sorted(placed, key=lambda p: (p.first, p.stop)):
        entities_in[doc.sentence_of(item.first)].append(item)
    events_in: list[list[PlacedEvent]] = [[] for _ in doc.sentences]
    for placed_event in sorted(events, key=lambda e: (e.first, e.stop)):
        events_in[placed_event.sentence].append(placed_event)

    words = doc.words()
    out: list[dict[str, Any]] = []
    for number, (first, stop) in enumerate(doc.sentences):
        sent_id = f"{key}-{number}"
        tokens = words[first:stop]
        split = _pieces(tokens, wordpieces)
        if isinstance(split, str):
            held = f"{_count(len(entities_in[number]), 'entity')}, {_count(len(events_in[number]), 'event')}"
            why = f"{sent_id}: {split}; OneIE drops such sentences (not written: {held})"
            report.skip("sentence", why, key)
            continue
        pieces, token_lens = split
        mentions = [_entity_mention(text, key, first, item) for item in entities_in[number]]
        report.spans += len(mentions)
        out.append(
            {
                "doc_id": key,
                "sent_id": sent_id,
                "tokens": tokens,
                "pieces": pieces,
                "token_lens": token_lens,
                "sentence": text[doc.tokens[first][0] : doc.tokens[stop - 1][1]],
                "entity_mentions": mentions,
                "relation_mentions": [],
                "event_mentions": _event_mentions(text, key, first, events_in[number], report),
            }
        )
    report.documents += 1
    return out


def _count(number: int, noun: str) -> str:
    plural = "entities" if noun == "entity" else f"{noun}s"
    return f"{number} {noun if number == 1 else plural}"


def _pieces(tokens: list[str], wordpieces: WordPieces | None) -> tuple[list[str], list[int]] | str:
    """The pieces of a sentence and how many each token has, or why a token has none."""
    if wordpieces is None:
        return list(tokens), [1] * len(tokens)
    pieces: list[str] = []
    lens: list[int] = []
    for token in tokens:
        split = wordpieces(token)
        if not split:
            return f"the token {token!r} has no word pieces"
        pieces.extend(split)
        lens.append(len(split))
    return pieces, lens


def _entity_mention(text: str, key: str, offset: int, item: Placed) -> dict[str, Any]:
    entity = item.key
    assert isinstance(entity, EntityRecord)
    return {
        "id": f"{key}-{entity.id}",
        "text": text[item.start : item.end],
        "entity_type": item.label,
        "mention_type": MENTION_TYPE,
        "start": item.first - offset,
        "end": item.stop - offset,
    }


def _event_mentions(
    text: str, key: str, offset: int, events: list[PlacedEvent], report: FormatReport
) -> list[dict[str, Any]]:
    """The event mentions of one sentence; repeated triggers and roles are reported."""
    out: list[dict[str, Any]] = []
    triggers: dict[tuple[int, int, str], str] = {}
    for placed_event in events:
        event = placed_event.event
        at = f"{key} ({event.id})"
        same = (placed_event.first, placed_event.stop, event.type)
        if same in triggers:
            why = (
                f"trigger {describe(text, event.type, event.trigger_start, event.trigger_end)} is the "
                f"trigger of {triggers[same]} too, with the same type (OneIE holds one event per trigger "
                "and type)"
            )
            report.skip("event", why, at)
            continue
        triggers[same] = event.id
        arguments: list[dict[str, Any]] = []
        roles: dict[str, str] = {}
        for argument, filler in placed_event.arguments:
            if argument.entity in roles:
                why = (
                    f"{argument.role}: its entity {describe(text, filler.label, filler.start, filler.end)} "
                    f"fills {roles[argument.entity]} already (OneIE holds one role per entity and event)"
                )
                report.skip("argument", why, at)
                continue
            roles[argument.entity] = argument.role
            arguments.append(
                {
                    "entity_id": f"{key}-{argument.entity}",
                    "text": text[filler.start : filler.end],
                    "role": argument.role,
                }
            )
        start, end = event.trigger_start, event.trigger_end
        out.append(
            {
                "id": f"{key}-{event.id}",
                "event_type": event.type,
                "trigger": {
                    "start": placed_event.first - offset,
                    "end": placed_event.stop - offset,
                    "text": text[start:end],
                },
                "arguments": arguments,
            }
        )
        report.events += 1
    return out
