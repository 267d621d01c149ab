"""File formats: readers yield DocumentRecords and writers take them; read_any picks by suffix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.formats.brat import read_brat
from annotator.formats.conll import read_conll
from annotator.formats.doccano import read_doccano
from annotator.formats.jsonl import read_jsonl
from annotator.formats.label_studio import read_label_studio
from annotator.formats.report import FormatReport
from annotator.formats.text import read_text
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

TEXT_SUFFIXES = (".txt",)
CONLL_SUFFIXES = (".conll", ".iob", ".bio", ".bioes")
EXPECTED = "expected .txt, .jsonl, .ann or .conll; or name the format with --format"
IMPORT_FORMATS = ("auto", "txt", "jsonl", "brat", "conll", "doccano", "label-studio")
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")


def read_any(
    path: Path | str, schema: Schema | None = None, report: FormatReport | None = None
) -> Iterator[DocumentRecord]:
    """The records of a file, read by the reader its suffix names; the suffix is checked at once.

    A brat ``.ann`` file, or a folder holding ``.ann`` files, is read as brat standoff (``schema`` maps
    brat's event type names back; what brat holds and we do not goes to ``report``).
    """
    path = Path(path)
    if path.is_dir():
        if any(path.glob("*.ann")):
            return read_brat(path, schema, report)
        raise FormatError(f"{path}: a folder can be imported only as brat standoff (no .ann files in it)")
    suffix = path.suffix.lower()
    if suffix == ".ann":
        return read_brat(path, schema, report)
    if suffix in CONLL_SUFFIXES:
        return read_conll(path, report)
    if suffix in TEXT_SUFFIXES:
        return _read_text_lazily(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path)
    if not suffix:
        raise FormatError(f"{path}: the file name has no extension ({EXPECTED})")
    raise FormatError(f"{path}: unknown file type '{path.suffix}' ({EXPECTED})")


def _read_text_lazily(path: Path) -> Iterator[DocumentRecord]:
    yield read_text(path)


def read_as(
    fmt: str, path: Path | str, schema: Schema | None = None, report: FormatReport | None = None
) -> Iterator[DocumentRecord]:
    """The records of a file in a named format (``auto``: by its suffix, as read_any)."""
    path = Path(path)
    if fmt == "auto":
        return read_any(path, schema, report)
    if fmt == "txt":
        return _read_text_lazily(path)
    if fmt == "jsonl":
        return read_jsonl(path)
    if fmt == "brat":
        return read_brat(path, schema, report)
    if fmt == "conll":
        return read_conll(path, report)
    if fmt == "doccano":
        return read_doccano(path, report)
    if fmt == "label-studio":
        return read_label_studio(path, report)
    raise FormatError(f"unknown format {fmt!r} (use one of {', '.join(IMPORT_FORMATS)})")
