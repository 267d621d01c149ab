"""File formats: readers yield DocumentRecords and writers take them; read_any picks by suffix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.formats.brat import read_brat
from annotator.formats.jsonl import read_jsonl
from annotator.formats.report import FormatReport
from annotator.formats.text import read_text
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

TEXT_SUFFIXES = (".txt",)
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
    if suffix in TEXT_SUFFIXES:
        return _read_text_lazily(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path)
    if not suffix:
        raise FormatError(f"{path}: the file name has no extension (expected .txt or .jsonl)")
    raise FormatError(f"{path}: unknown file type '{path.suffix}' (expected .txt or .jsonl)")


def _read_text_lazily(path: Path) -> Iterator[DocumentRecord]:
    yield read_text(path)
