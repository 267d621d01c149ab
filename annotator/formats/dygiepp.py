"""DyGIE++ JSONL export: one document per line, token indices through the document, inclusive ends.

The layout is the one DyGIE++ documents in ``doc/data.md`` and reads in
``dygie/data/dataset_readers/document.py``::

    {"doc_key": "d1", "dataset": "ace-2005",
     "sentences": [["Rebels", "attacked", "Raqqa", "."], ["Nobody", "died", "."]],
     "ner": [[[0, 0, "ORG"], [2, 2, "GPE"]], []],
     "relations": [[], []],
     "events": [[[[1, "Conflict.Attack"], [0, 0, "Attacker"], [2, 2, "Place"]]], []]}

- ``sentences``, ``ner``, ``relations`` and ``events`` hold one list per sentence (DyGIE++ checks that
  they are the same length). Tokens and sentences come from ``annotator.model.tokens``; a token is never
  empty (DyGIE++ rejects empty strings).
- ``ner`` entries are ``[first token, last token, label]``, both indices counted through the document.
- An event is ``[[trigger token, type], [first, last, role], ...]``: a trigger is one token, and the
  type is written with a dot (``Conflict:Attack`` becomes ``Conflict.Attack``, as in DyGIE++'s ACE
  data). Arguments are the spans of their entities, in the trigger's sentence.
- ``relations`` are empty lists: the model has no relations yet.
- ``dataset`` names the label namespace; DyGIE++ needs it to match the dataset a pretrained model was
  trained on when predicting with that model. The export uses the schema's name (``ACE 2005`` gives
  ``ace-2005``) unless told otherwise.

What DyGIE++ cannot hold is reported and left out (the reasons follow ``placing``): spans that do
not align with tokens or cross a sentence boundary; triggers longer than one token; arguments outside
their trigger's sentence. DyGIE++ keys entities by span, triggers by token and arguments by (trigger,
span), so a second entity on the same tokens, a second event on the same trigger token and a second
role for the same span in one event would be merged by its reader: they are reported instead. A
document with no tokens is reported (DyGIE++ cannot read a document without sentences). Title, status
and metadata have no place in the format and are not written. Not checked here, because it is a
training setting rather than the format: DyGIE++ ignores entities longer than its configured
``max_span_width`` tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from annotator.formats.jsonl import encode_line
from annotator.formats.placing import DocumentKeys, by_entity_id, place_entities, place_events
from annotator.formats.report import FormatReport
from annotator.formats.tokenized import Placed, describe, tokenize_document
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

DEFAULT_DATASET = "annotator"


def dataset_name(schema_name: str) -> str:
    """A DyGIE++ ``dataset`` value from a schema name: ``ACE 2005`` gives ``ace-2005``."""
    slug = re.sub(r"[^0-9a-z]+", "-", schema_name.lower()).strip("-")
    return slug or DEFAULT_DATASET


def event_type_name(kind: str) -> str:
    """An event type as DyGIE++'s ACE data writes it: ``Conflict:Attack`` gives ``Conflict.Attack``."""
    return kind.replace(":", ".")


def write_dygiepp(
    records: Iterable[DocumentRecord],
    target: Path | str | TextIO,
    *,
    dataset: str = DEFAULT_DATASET,
    report: FormatReport | None = None,
) -> FormatReport:
    """Write records as DyGIE++ JSONL (UTF-8, LF) to a file or an open text stream.

    Args:
        records: the documents to write.
        target: a path or an open text stream.
        dataset: the ``dataset`` field of every line.
        report: filled with counts and skips, if given; returned either way.
    """
    report = report if report is not None else FormatReport()
    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="\n") as stream:
            return write_dygiepp(records, stream, dataset=dataset, report=report)
    keys = DocumentKeys()
    for record in records:
        obj = document_object(record, keys.key(record), dataset, report)
        if obj is not None:
            target.write(encode_line(obj))
            target.write("\n")
    return report


def export_dygiepp(
    records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport
) -> None:
    """The registry's writer: ``dataset`` from the schema's name."""
    write_dygiepp(records, path, dataset=dataset_name(schema.name), report=report)


def document_object(
    record: DocumentRecord, key: str, dataset: str, report: FormatReport
) -> dict[str, Any] | None:
    """The DyGIE++ object of one document, or None when it has no tokens; skips go to the report."""
    text = record.text
    doc = tokenize_document(text)
    placed = place_entities(record, doc, key, report)
    events = place_events(record, doc, by_entity_id(placed), key, report, single_token="DyGIE++")
    if not doc.sentences:
        report.skip("document", "has no tokens (DyGIE++ needs at least one sentence)", key)
        return None

    count = len(doc.sentences)
    ner: list[list[list[Any]]] = [[] for _ in range(count)]
    spans: dict[tuple[int, int], Placed] = {}
    for item in sorted(placed, key=lambda p: (p.first, p.stop)):
        taken = spans.get((item.first, item.stop))
        if taken is not None:
            why = (
                f"{describe(text, item.label, item.start, item.end)} covers the same tokens as "
                f"{describe(text, taken.label, taken.start, taken.end)} (DyGIE++ holds one entity per span)"
            )
            report.skip("entity", why, key)
            continue
        spans[(item.first, item.stop)] = item
        ner[doc.sentence_of(item.first)].append([item.first, item.stop - 1, item.label])
        report.spans += 1

    out: list[list[list[list[Any]]]] = [[] for _ in range(count)]
    triggers: dict[int, str] = {}
    for placed_event in sorted(events, key=lambda e: e.first):
        event = placed_event.event
        at = f"{key} ({event.id})"
        trigger = placed_event.first
        if trigger in triggers:
            why = (
                f"trigger {describe(text, event.type, event.trigger_start, event.trigger_end)} is the "
                f"trigger of {triggers[trigger]} too (DyGIE++ holds one event per trigger token)"
            )
            report.skip("event", why, at)
            continue
        triggers[trigger] = event.id
        entry: list[list[Any]] = [[trigger, event_type_name(event.type)]]
        roles: dict[tuple[int, int], str] = {}
        for argument, filler in placed_event.arguments:
            span = (filler.first, filler.stop)
            if span in roles:
                why = (
                    f"{argument.role}: its entity {describe(text, filler.label, filler.start, filler.end)} "
                    f"fills {roles[span]} already (DyGIE++ holds one role per argument span)"
                )
                report.skip("argument", why, at)
                continue
            roles[span] = argument.role
            entry.append([filler.first, filler.stop - 1, argument.role])
        out[placed_event.sentence].append(entry)
        report.events += 1

    report.documents += 1
    words = doc.words()
    return {
        "doc_key": key,
        "dataset": dataset,
        "sentences": [words[first:stop] for first, stop in doc.sentences],
        "ner": ner,
        "relations": [[] for _ in range(count)],
        "events": out,
    }
