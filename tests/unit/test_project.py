"""The project file: migrations, documents, spans, transactions, and what survives a killed process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.model.errors import ProjectError, SpanError
from annotator.model.schema import default_schema
from annotator.store.layer import DocumentLayer
from annotator.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from annotator.store.project import NewSpan, Project
from tests.conftest import ADVERSARIAL_TEXTS


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.open(tmp_path / "p.annotator", create=True)


def test_new_file_has_version_wal_foreign_keys_and_schema(tmp_path: Path, project: Project) -> None:
    conn = sqlite3.connect(tmp_path / "p.annotator")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.schema == default_schema()
    indexes = {r[1] for r in conn.execute("SELECT * FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_spans_doc_id_annotator_id_start", "idx_documents_content_hash"} <= indexes


def test_texts_are_stored_exactly(project: Project) -> None:
    for text in ADVERSARIAL_TEXTS.values():
        doc_id = project.add_document(text)
        assert project.document(doc_id).text == text


def test_same_text_is_the_same_document(project: Project) -> None:
    first = project.add_document("Same text.", title="One")
    assert project.add_document("Same text.", title="Two") == first
    assert project.document_count() == 1


def test_title_defaults_to_first_line(project: Project) -> None:
    doc_id = project.add_document("\n  Headline here  \nBody")
    assert project.document(doc_id).title == "Headline here"


def test_span_rules(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali spoke.")
    with pytest.raises(SpanError, match="outside the text"):
        project.add_span(doc_id, "a", 5, 99, "PER")
    with pytest.raises(SpanError, match="outside the text"):
        project.add_span(doc_id, "a", 5, 5, "PER")
    with pytest.raises(SpanError, match="label 'PERSON' is not in the project schema"):
        project.add_span(doc_id, "a", 0, 7, "PERSON")
    assert project.span_count() == 0


def test_first_label_marks_a_new_document_in_progress(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali spoke.")
    project.add_span(doc_id, "a", 0, 12, "PER")
    assert project.document_status(doc_id) == "in_progress"
    project.set_status(doc_id, "done")
    project.add_span(doc_id, "a", 13, 18, "ORG")
    assert project.document_status(doc_id) == "done"


def test_summaries_count_one_annotators_layer(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali spoke.")
    project.add_span(doc_id, "alice", 0, 12, "PER")
    project.add_span(doc_id, "bob", 0, 7, "PER")
    project.add_span(doc_id, "bob", 8, 12, "PER")
    assert project.summaries("alice")[0].entity_count == 1
    assert project.summaries("bob")[0].entity_count == 2
    assert project.summaries()[0].entity_count == 3
    assert project.annotators() == ["alice", "bob"]


def test_failed_batch_changes_nothing(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali spoke.")

    def write_both() -> None:
        with project.transaction():
            project.add_spans(doc_id, "a", [NewSpan(0, 12, "PER")])
            project.add_spans(doc_id, "a", [NewSpan(0, 50, "PER")])

    with pytest.raises(SpanError):
        write_both()
    assert project.span_count() == 0


def test_layer_edits_are_in_the_file_before_the_list_changes(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali met the SDF.")
    layer = DocumentLayer(project, project.document(doc_id), "alice")
    seen: list[int] = []
    layer.spans.subscribe(
        lambda event, row, span: seen.append(project.span_count()) if event == "inserted" else None
    )
    span = layer.add(0, 12, "PER")
    assert seen == [1]
    old = layer.change(span.id, label="ORG")
    assert project.spans(doc_id)[0].label == "ORG"
    layer.put_back(old)
    assert project.spans(doc_id)[0] == old
    removed = layer.remove(span.id)
    assert project.span_count() == 0
    layer.restore(removed)
    assert project.spans(doc_id) == [removed]


def test_refused_write_leaves_the_list_unchanged(project: Project) -> None:
    doc_id = project.add_document("Mustafa Bali met the SDF.")
    layer = DocumentLayer(project, project.document(doc_id), "alice")
    with pytest.raises(SpanError):
        layer.add(0, 12, "NOPE")
    assert len(layer.spans) == 0


def test_not_a_project_and_newer_versions_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ProjectError, match=r"other\.db: this SQLite file is not an annotator project"):
        Project.open(other)
    future = tmp_path / "future.annotator"
    Project.open(future, create=True).close()
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="written by a newer annotator"):
        Project.open(future)
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.annotator")
    garbage = tmp_path / "garbage.annotator"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ProjectError, match="cannot open as a project"):
        Project.open(garbage)


KILLER = """
import os, sys
from annotator.store.project import Project
p = Project.open(sys.argv[1])
doc = p.document_ids()[0]
p.add_span(doc, "alice", 0, 7, "PER")
print("saved", flush=True)
os.kill(os.getpid(), 9)
"""


def test_a_killed_process_loses_nothing_it_reported_saved(tmp_path: Path) -> None:
    path = tmp_path / "kill.annotator"
    project = Project.open(path, create=True)
    project.add_document("Mustafa Bali spoke.")
    project.close()
    result = subprocess.run([sys.executable, "-c", KILLER, str(path)], capture_output=True, text=True)
    assert result.returncode == -9
    assert result.stdout == "saved\n"
    reopened = Project.open(path)
    assert [(s.start, s.end, s.label, s.annotator) for s in reopened.spans(reopened.document_ids()[0])] == [
        (0, 7, "PER", "alice")
    ]
