"""File formats: readers yield DocumentRecords and writers take them; ``registry`` lists them all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.formats.registry import FORMATS, Format, detect_format, find_format
from annotator.formats.report import FormatReport
from annotator.model.records import DocumentRecord
from annotator.model.schema import Schema

__all__ = ["FORMATS", "Format", "detect_format", "find_format", "read_any", "read_as"]


def read_any(
    path: Path | str, schema: Schema | None = None, report: FormatReport | None = None
) -> Iterator[DocumentRecord]:
    """The records of a file or folder in the format it is in (see ``detect_format``), checked at once.

    ``schema`` maps names a format spells its own way (brat's event types) back to the project's;
    what the format holds and we cannot goes to ``report``.
    """
    return read_as("auto", path, schema, report)


def read_as(
    fmt: str, path: Path | str, schema: Schema | None = None, report: FormatReport | None = None
) -> Iterator[DocumentRecord]:
    """The records of a file in a named format (``auto``: the format detect_format finds)."""
    chosen = detect_format(path) if fmt == "auto" else find_format(fmt)
    return chosen.read(path, schema, report if report is not None else FormatReport())
