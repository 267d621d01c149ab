"""Every file format the app reads or writes, described once for the command line and the window.

A ``Format`` names its reader and writer and says what its output is (one file or a folder) and
whether it holds one annotator's labels per document. ``find_format`` looks one up by name,
``detect_format`` picks the reader for a path by its suffix and, for JSON files, by the keys of the
first record (native JSONL, doccano, spaCy/Prodigy and Label Studio all use ``.json``/``.jsonl``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.formats.batched import Renderer
from annotator.formats.brat import read_brat, write_brat
from annotator.formats.conll import read_conll, render_conll, write_conll
from annotator.formats.docbin import export_docbin
from annotator.formats.doccano import read_doccano, write_doccano
from annotator.formats.dygiepp import export_dygiepp
from annotator.formats.huggingface import export_huggingface
from annotator.formats.jsonl import read_jsonl
from annotator.formats.label_studio import read_label_studio, write_label_studio
from annotator.formats.oneie import export_oneie
from annotator.formats.report import FormatReport
from annotator.formats.spacy_jsonl import export_spacy, import_spacy
from annotator.formats.text import read_text
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

Reader = Callable[[Path, Schema | None, FormatReport], Iterator[DocumentRecord]]
"""Reads a path: (path, the project schema or None, the report to fill) -> records, lazily."""

Writer = Callable[[Iterable[DocumentRecord], Path, Schema, FormatReport], None]
"""Writes records to a path (a file, or an empty folder for folder formats), filling the report."""


@dataclass(frozen=True)
class Format:
    """One format: its command-line name, what a user calls it, and how it is read and written.

    Attributes:
        name: the ``--format`` value.
        title: the name shown in menus and lists.
        suffixes: file suffixes it uses; the first one names exported files.
        summary: one line on what it holds, for ``annotator formats`` and the export dialog.
        reader: None for export-only formats.
        writer: None for import-only formats. The native JSONL export has its own fast path.
        folder: the export is a folder of files rather than one file.
        single_layer: holds one annotator's labels per document (needs a chosen annotator when a
            project has several).
        render: for a one-file, one-layer format whose documents are written independently, the
            batch renderer the export runs in worker processes (``annotator.formats.pool``); the
            writer gives the same bytes.
    """

    name: str
    title: str
    suffixes: tuple[str, ...]
    summary: str
    reader: Reader | None = None
    writer: Writer | None = field(default=None, repr=False)
    folder: bool = False
    single_layer: bool = True
    render: Renderer | None = field(default=None, repr=False)

    @property
    def can_import(self) -> bool:
        return self.reader is not None

    @property
    def can_export(self) -> bool:
        return self.writer is not None or self.name == "jsonl"

    def read(self, path: Path | str, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
        """The records of a path in this format."""
        if self.reader is None:
            raise FormatError(f"{self.title} can be exported but not imported")
        return self.reader(Path(path), schema, report)

    def export_name(self, stem: str) -> str:
        """The default name of an export: a folder name, or ``stem`` with the format's first suffix."""
        return stem if self.folder else stem + self.suffixes[0]


def _text(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    """One article per .txt file: the file, or every .txt file of a folder in name order."""
    files = sorted(p for p in path.glob("*.txt") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        yield read_text(file)


def _jsonl(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    return read_jsonl(path)


def _brat_in(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    return read_brat(path, schema, report)


def _brat_out(records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport) -> None:
    _merge(report, write_brat(records, path, schema))


def _conll_in(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    return read_conll(path, report)


def _conll_out(scheme: str) -> Writer:
    def write(records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport) -> None:
        _merge(report, write_conll(records, path, scheme=scheme))

    return write


def _doccano_in(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    return read_doccano(path, report)


def _doccano_out(records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport) -> None:
    _merge(report, write_doccano(records, path))


def _label_studio_in(path: Path, schema: Schema | None, report: FormatReport) -> Iterator[DocumentRecord]:
    return read_label_studio(path, report)


def _label_studio_out(
    records: Iterable[DocumentRecord], path: Path, schema: Schema, report: FormatReport
) -> None:
    _merge(report, write_label_studio(records, path))


def _merge(report: FormatReport, written: FormatReport) -> None:
    """Add what a writer reported to the report the caller holds."""
    report.documents += written.documents
    report.spans += written.spans
    report.events += written.events
    report.skipped.extend(written.skipped)


FORMATS: tuple[Format, ...] = (
    Format(
        "txt",
        "Plain text",
        (".txt",),
        "one article per file, or a folder of them; no labels",
        reader=_text,
    ),
    Format(
        "jsonl",
        "Native JSONL",
        (".jsonl", ".ndjson", ".json"),
        "everything: entities, events, status, annotator; one line per document and annotator",
        reader=_jsonl,
        single_layer=False,
    ),
    Format(
        "brat",
        "brat standoff",
        (".ann",),
        "a folder of .txt/.ann pairs with annotation.conf; entities (T), events (E), notes (#)",
        reader=_brat_in,
        writer=_brat_out,
        folder=True,
    ),
    Format(
        "conll",
        "CoNLL-2003 (IOB2)",
        (".conll", ".iob", ".bio"),
        "TOKEN TAG lines, sentences between blank lines; entities only, no overlaps",
        reader=_conll_in,
        writer=_conll_out("iob2"),
        render=functools.partial(render_conll, scheme="iob2"),
    ),
    Format(
        "conll-bioes",
        "CoNLL-2003 (BIOES)",
        (".bioes", ".conll"),
        "as CoNLL with S-/B-/I-/E- tags; reading takes IOB1, IOB2 and BIOES alike",
        reader=_conll_in,
        writer=_conll_out("bioes"),
        render=functools.partial(render_conll, scheme="bioes"),
    ),
    Format(
        "doccano",
        "doccano JSONL",
        (".jsonl",),
        'sequence labeling: "label" [[start, end, label]] or "entities"/"relations" (UTF-16 offsets)',
        reader=_doccano_in,
        writer=_doccano_out,
    ),
    Format(
        "label-studio",
        "Label Studio JSON",
        (".json",),
        "tasks with labels results (UTF-16 offsets), one annotation per annotator",
        reader=_label_studio_in,
        writer=_label_studio_out,
        single_layer=False,
    ),
    Format(
        "spacy",
        "spaCy/Prodigy JSONL",
        (".jsonl", ".json"),
        "Prodigy tasks: text, tokens, spans with token_start/token_end (inclusive), answer",
        reader=import_spacy,
        writer=export_spacy,
    ),
    Format(
        "huggingface",
        "Hugging Face token classification",
        (".jsonl",),
        "a folder for datasets.load_dataset: tokens and IOB2 ner_tags ids per sentence, label names",
        writer=export_huggingface,
        folder=True,
    ),
    Format(
        "docbin",
        "spaCy DocBin",
        (".spacy",),
        'spaCy training data: entities in doc.ents, overlapping ones too in doc.spans["sc"]',
        writer=export_docbin,
    ),
    Format(
        "dygiepp",
        "DyGIE++ JSONL",
        (".jsonl", ".json"),
        "one document per line: sentences, ner, events (one-token triggers); document token indices",
        writer=export_dygiepp,
    ),
    Format(
        "oneie",
        "OneIE JSON",
        (".json", ".jsonl"),
        "one sentence per line: entity_mentions, event_mentions with trigger and arguments",
        writer=export_oneie,
    ),
)

_FOLDER_HINT = "a folder can be imported as brat standoff (.ann files) or plain text (.txt files)"


def import_formats() -> list[Format]:
    return [f for f in FORMATS if f.can_import]


def export_formats() -> list[Format]:
    return [f for f in FORMATS if f.can_export]


def find_format(name: str) -> Format:
    """The format with this ``--format`` name; FormatError lists the names otherwise."""
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    names = ", ".join(f.name for f in FORMATS)
    raise FormatError(f"unknown format {name!r} (use one of {names})")


def detect_format(path: Path | str) -> Format:
    """The format a path is in, by its suffix and, for JSON files, by the first record's keys."""
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*.ann")):
            return find_format("brat")
        if any(path.glob("*.txt")):
            return find_format("txt")
        raise FormatError(f"{path}: {_FOLDER_HINT}; this one holds neither")
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return find_format(_sniff_json(path))
    for fmt in FORMATS:
        if fmt.can_import and suffix in fmt.suffixes:
            return fmt
    known = sorted({s for f in FORMATS if f.can_import for s in f.suffixes})
    expected = f"expected {', '.join(known)} or a folder; or name the format with --format"
    if not suffix:
        raise FormatError(f"{path}: the file name has no extension ({expected})")
    raise FormatError(f"{path}: unknown file type '{path.suffix}' ({expected})")


def _sniff_json(path: Path) -> str:
    """Which JSON format a file holds, from its first character and its first record's keys.

    A file that cannot be decoded goes to the native reader, which reports exactly what is wrong.
    """
    try:
        with path.open("r", encoding="utf-8") as stream:
            for line in stream:
                if line.strip():
                    break
            else:
                return "jsonl"
    except (OSError, UnicodeDecodeError):
        return "jsonl"
    first = line.lstrip("\ufeff").strip()
    if first.startswith("["):
        return "label-studio"  # an array of tasks, maybe spread over many lines
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return "label-studio" if path.suffix.lower() == ".json" else "jsonl"
    if not isinstance(obj, dict):
        return "jsonl"
    keys = set(obj)
    if "data" in keys and ("annotations" in keys or "predictions" in keys):
        return "label-studio"
    if "spans" in keys or "answer" in keys:
        return "spacy"
    if "label" in keys or "labels" in keys or "relations" in keys:
        return "doccano"  # "relations": the entities form, whose first line may have no entity yet
    entities = obj.get("entities")
    if (
        isinstance(entities, list)
        and entities
        and isinstance(entities[0], dict)
        and "start_offset" in entities[0]
    ):
        return "doccano"
    return "jsonl"
