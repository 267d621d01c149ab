"""Errors whose message a user can read and act on."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error the app reports to a user (never a bug)."""


class FormatError(AnnotatorError):
    """An input file is not what its format says: the message names the file, the line and the fault."""


class SchemaError(AnnotatorError):
    """A label schema is invalid: the message names the file, the entry and the fault."""


class ProjectError(AnnotatorError):
    """A project file cannot be opened or changed (not a project, newer version, locked, disk full)."""


class SpanError(AnnotatorError):
    """A span breaks a rule: offsets out of range, empty, or a label outside the schema."""


class EventError(AnnotatorError):
    """An event or argument breaks a rule: bad trigger offsets, a type or role outside the schema."""
