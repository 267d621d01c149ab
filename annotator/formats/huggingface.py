"""Hugging Face token classification export: a folder that ``datasets.load_dataset`` reads as is.

The folder holds one split, laid out as the Hub's NER datasets (conll2003, wnut_17) are: one row per
sentence, entity tags as IOB2 ids of a ``ClassLabel``::

    out/
      train.jsonl   {"id": "d1-0", "tokens": ["Alice", "left", "."], "ner_tags": [1, 0, 0]}
      labels.json   ["O", "B-PER", "I-PER", "B-ORG", "I-ORG"]
      README.md     a dataset card whose YAML header declares the features and the data file

``datasets`` takes the features from the card's ``dataset_info`` (so ``features["ner_tags"].feature
.names`` is the label list; without the card it would read plain integers), and the data file from its
``configs``. ``labels.json`` holds the same list for other readers (``id2label`` of a model config).

Label names are ``O``, then ``B-`` and ``I-`` of each entity type of the schema in schema order, then
of each label the records use that the schema lacks, in the order first met; an id never changes as
labels are added. Row ids are ``<document key>-<sentence number>`` (keys as in ``placing``).

Tokens and sentences come from ``annotator.formats.tokenized``. Reported and left out: entities that do
not align with tokens or cross a sentence boundary, the shorter of two overlapping entities (IOB has
one tag per token), events, and documents without tokens.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from annotator.formats.jsonl import encode_line
from annotator.formats.placing import DocumentKeys, place_entities
from annotator.formats.report import FormatReport
from annotator.formats.tokenized import describe, tags, tokenize_document, without_overlaps
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

DATA_FILE = "train.jsonl"
LABELS_FILE = "labels.json"
CARD_FILE = "README.md"
SPLIT = "train"

# Characters a YAML double-quoted scalar cannot hold raw: controls, line breaks YAML 1.1 folds, the BOM
# and the non-characters PyYAML refuses.
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


class LabelNames:
    """The ClassLabel names of one export: ``O``, then B-/I- per entity label, ids fixed once given."""

    def __init__(self, labels: Iterable[str] = ()) -> None:
        self.names: list[str] = ["O"]
        self._ids: dict[str, int] = {"O": 0}
        for label in labels:
            self.add(label)

    def add(self, label: str) -> None:
        """Give a label's B- and I- tags ids, unless they have some."""
        for tag in (f"B-{label}", f"I-{label}"):
            if tag not in self._ids:
                self._ids[tag] = len(self.names)
                self.names.append(tag)

    def id(self, tag: str) -> int:
        """The id of a tag already added."""
        return self._ids[tag]


def write_huggingface(
    records: Iterable[DocumentRecord],
    folder: Path | str,
    schema: Schema | None = None,
    *,
    report: FormatReport | None = None,
) -> FormatReport:
    """Write records as a Hugging Face token classification folder (created if missing).

    Args:
        records: the documents to write.
        folder: the folder; its data file, label list and card are replaced.
        schema: gives the label order; labels it lacks follow in the order met.
        report: filled with counts and skips, if given; returned either way.
    """
    folder = Path(folder)
    report = report if report is not None else FormatReport()
    folder.mkdir(parents=True, exist_ok=True)
    names = LabelNames(schema.label_names if schema is not None else ())
    keys = DocumentKeys()
    with (folder / DATA_FILE).open("w", encoding="utf-8", newline="\n") as stream:
        for record in records:
            for row in _rows(record, keys.key(record), names, report):
                stream.write(encode_line(row))
                stream.write("\n")
    (folder / LABELS_FILE).write_text(
        json.dumps(names.names, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    (folder / CARD_FILE).write_text(dataset_card(names.names), encoding="utf-8", newline="\n")
    return report


def export_huggingface(
    records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport
) -> None:
    """The registry's writer."""
    write_huggingface(records, path, schema, report=report)


def _rows(
    record: DocumentRecord, key: str, names: LabelNames, report: FormatReport
) -> list[dict[str, object]]:
    """One row per sentence of a record; what cannot be written goes to the report."""
    text = record.text
    report.documents += 1
    for event in record.events:
        report.skip("event", "Hugging Face token classification cannot hold events", f"{key} ({event.id})")
    for entity in record.entities:
        if entity.label.strip():
            names.add(entity.label)
    doc = tokenize_document(text)
    if not doc.sentences:
        report.skip("document", "has no tokens", key)
        return []
    kept, dropped = without_overlaps(place_entities(record, doc, key, report))
    for item, taken in dropped:
        overlapped = describe(text, taken.label, taken.start, taken.end)
        why = f"{describe(text, item.label, item.start, item.end)} overlaps {overlapped}, which was kept"
        report.skip("entity", why, key)
    report.spans += len(kept)
    ids = [names.id(tag) for tag in tags(len(doc.tokens), kept)]
    words = doc.words()
    return [
        {"id": f"{key}-{number}", "tokens": words[first:stop], "ner_tags": ids[first:stop]}
        for number, (first, stop) in enumerate(doc.sentences)
    ]


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar that PyYAML reads back as ``value`` exactly."""
    quoted = json.dumps(value, ensure_ascii=False)  # JSON's escapes (\\" \\\\ \\n \\uXXXX) are YAML's too
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def dataset_card(names: list[str]) -> str:
    """The README.md whose YAML header gives ``datasets`` the features and the data file."""
    label_lines = "".join(f"          '{number}': {yaml_string(name)}\n" for number, name in enumerate(names))
    return (
        "---\n"
        "dataset_info:\n"
        "  features:\n"
        "  - name: id\n"
        "    dtype: string\n"
        "  - name: tokens\n"
        "    sequence: string\n"
        "  - name: ner_tags\n"
        "    sequence:\n"
        "      class_label:\n"
        "        names:\n"
        f"{label_lines}"
        "configs:\n"
        "- config_name: default\n"
        "  data_files:\n"
        f"  - split: {SPLIT}\n"
        f"    path: {DATA_FILE}\n"
        "task_categories:\n"
        "- token-classification\n"
        "---\n"
        "\n"
        "# Token classification data\n"
        "\n"
        f"Exported by annotator: one row per sentence in `{DATA_FILE}`, entity tags as IOB2 ids of the\n"
        f"`ner_tags` class labels (also listed in `{LABELS_FILE}`). Load it with\n"
        "`datasets.load_dataset(<this folder>)`.\n"
    )
