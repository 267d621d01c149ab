"""File formats: readers yield DocumentRecords and writers take them; read_any picks by suffix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.formats.jsonl import read_jsonl
from annotator.formats.text import read_text
from annotator.model.errors import FormatError
from annotator.model.records import DocumentRecord

TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")


def read_any(path: Path | str) -> Iterator[DocumentRecord]:
    """The records of a file, read by the reader its suffix names; the suffix is checked at once."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text_lazily(path)
    if suffix in JSONL_SUFFIXES:
        return read_jsonl(path)
    if not suffix:
        raise FormatError(f"{path}: the file name has no extension (expected .txt or .jsonl)")
    raise FormatError(f"{path}: unknown file type '{path.suffix}' (expected .txt or .jsonl)")


def _read_text_lazily(path: Path) -> Iterator[DocumentRecord]:
    yield read_text(path)
