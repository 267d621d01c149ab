"""Forward migrations of the project file, numbered by ``PRAGMA user_version``."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from annotator.model.errors import ProjectError

# "ANNO": marks a SQLite file as an annotator project, so opening some other database fails clearly.
APPLICATION_ID = 0x414E4E4F

Migration = Callable[[sqlite_utils.Database], None]


def _v1_foundation(db: sqlite_utils.Database) -> None:
    """Documents, the project's schema, annotators and entity spans."""
    db.table("project").create(
        {"key": str, "value": str},
        pk="key",
        not_null={"value"},
    )
    db.table("documents").create(
        {
            "id": int,
            "ext_id": str,
            "title": str,
            "text": str,
            "meta": str,
            "content_hash": str,
            "status": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={"title", "text", "meta", "content_hash", "status", "created", "updated"},
        defaults={"ext_id": "", "meta": "{}", "status": "new"},
    )
    db.table("documents").create_index(["content_hash"])
    db.table("annotators").create(
        {"id": int, "name": str, "created": str}, pk="id", not_null={"name", "created"}
    )
    db.table("annotators").create_index(["name"], unique=True)
    db.table("spans").create(
        {
            "id": int,
            "doc_id": int,
            "annotator_id": int,
            "start": int,
            "end": int,
            "label": str,
            "created": str,
            "updated": str,
        },
        pk="id",
        not_null={"doc_id", "annotator_id", "start", "end", "label", "created", "updated"},
        foreign_keys=[("doc_id", "documents", "id"), ("annotator_id", "annotators", "id")],
    )
    # Loading one document layer, and counting spans per document for one annotator.
    db.table("spans").create_index(["doc_id", "annotator_id", "start"])
    db.table("spans").create_index(["annotator_id", "doc_id"])


def _v2_events(db: sqlite_utils.Database) -> None:
    """Events (a typed trigger) and their arguments (an entity span in a role slot)."""
    # Written as SQL because sqlite-utils' create() cannot declare ON DELETE CASCADE. Arguments go
    # with their event; a span cannot be deleted while an argument points at it (no cascade there).
    db.execute(
        """
        CREATE TABLE [events] (
            [id] INTEGER PRIMARY KEY,
            [doc_id] INTEGER NOT NULL REFERENCES [documents]([id]),
            [annotator_id] INTEGER NOT NULL REFERENCES [annotators]([id]),
            [start] INTEGER NOT NULL,
            [end] INTEGER NOT NULL,
            [type] TEXT NOT NULL,
            [created] TEXT NOT NULL,
            [updated] TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE INDEX [idx_events_doc_id_annotator_id_start] ON [events] ([doc_id], [annotator_id], [start])"
    )
    db.execute(
        """
        CREATE TABLE [arguments] (
            [id] INTEGER PRIMARY KEY,
            [event_id] INTEGER NOT NULL REFERENCES [events]([id]) ON DELETE CASCADE,
            [role] TEXT NOT NULL,
            [span_id] INTEGER NOT NULL REFERENCES [spans]([id]),
            [created] TEXT NOT NULL,
            UNIQUE ([event_id], [role], [span_id])
        )
        """
    )
    db.execute("CREATE INDEX [idx_arguments_event_id] ON [arguments] ([event_id])")
    db.execute("CREATE INDEX [idx_arguments_span_id] ON [arguments] ([span_id])")


def _v3_review(db: sqlite_utils.Database) -> None:
    """Review: each document's review status, and the reviewer's decision on each unit of a document."""
    # The values are annotator.model.review.REVIEW_STATES and ACTIONS (the store may not import them here:
    # a migration must keep meaning what it meant when it was written).
    db.execute(
        "ALTER TABLE [documents] ADD COLUMN [review] TEXT NOT NULL DEFAULT 'unreviewed' "
        "CHECK ([review] IN ('unreviewed', 'in_review', 'adjudicated'))"
    )
    db.execute(
        """
        CREATE TABLE [decisions] (
            [id] INTEGER PRIMARY KEY,
            [doc_id] INTEGER NOT NULL REFERENCES [documents]([id]) ON DELETE CASCADE,
            [unit] TEXT NOT NULL,
            [action] TEXT NOT NULL CHECK ([action] IN ('accept', 'reject', 'edit')),
            [annotator] TEXT,
            [reviewer] TEXT NOT NULL,
            [created] TEXT NOT NULL,
            UNIQUE ([doc_id], [unit])
        )
        """
    )


MIGRATIONS: list[Migration] = [_v1_foundation, _v2_events, _v3_review]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(db: sqlite_utils.Database) -> int:
    """The schema version stored in the file."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite_utils.Database, source: str) -> None:
    """Bring the file up to SCHEMA_VERSION, each step in one transaction; refuse files from the future."""
    version = user_version(db)
    app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
    if version == 0 and app_id == 0 and db.table_names():
        raise ProjectError(f"{source}: this SQLite file is not an annotator project")
    if app_id not in (0, APPLICATION_ID):
        raise ProjectError(f"{source}: this SQLite file is not an annotator project")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{source}: the project was written by a newer annotator (file version {version}, "
            f"this app reads up to {SCHEMA_VERSION}); update the app to open it"
        )
    for number in range(version, SCHEMA_VERSION):
        with db.atomic():
            MIGRATIONS[number](db)
            db.execute(f"PRAGMA user_version = {number + 1}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
