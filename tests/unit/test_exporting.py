"""Exporting a project in any format: checks before writing, all-or-nothing output, progress, cancel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.formats.exporting import export_project, plan_export
from annotator.model.errors import FormatError, ProjectError
from annotator.store.project import Project


class Stop(Exception):
    pass


@pytest.fixture
def project() -> Project:
    project = Project.memory()
    for number in range(120):
        doc = project.add_document(f"Alice met Bob in Raqqa, number {number}.", title=f"doc {number}")
        project.add_span(doc, "alice", 0, 5, "PER")
    return project


def test_single_layer_formats_need_an_annotator_when_there_are_several(project: Project) -> None:
    project.add_span(1, "bob", 10, 13, "PER")
    with pytest.raises(ProjectError) as info:
        plan_export(project, "conll", "/tmp/x.conll")
    assert str(info.value) == (
        "the project has labels by alice, bob; CoNLL-2003 (IOB2) holds one annotator's labels per document: "
        "choose one (--annotator NAME, or --gold for the adjudicated layer)"
    )
    assert plan_export(project, "jsonl", "/tmp/x.jsonl").documents == 120
    assert plan_export(project, "conll", "/tmp/x.conll", annotator="bob").annotator == "bob"


def test_destinations_are_checked_before_anything_is_written(project: Project, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FormatError, match="full: already exists and is not an empty folder"):
        plan_export(project, "brat", tmp_path / "full")
    with pytest.raises(FormatError, match=r"full: is a folder; CoNLL-2003 \(IOB2\) is written to a file"):
        plan_export(project, "conll", tmp_path / "full")
    with pytest.raises(FormatError, match=r"cannot write \(the folder .*/gone does not exist\)"):
        plan_export(project, "conll", tmp_path / "gone" / "x.conll")
    with pytest.raises(ProjectError, match="unknown status 'later'"):
        plan_export(project, "conll", tmp_path / "x.conll", status="later")


@pytest.mark.parametrize("fmt", ["jsonl", "conll", "brat"])
def test_progress_counts_documents_and_an_exception_from_it_cancels(
    project: Project, tmp_path: Path, fmt: str
) -> None:
    seen: list[int] = []
    out = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    report = export_project(project, plan_export(project, fmt, out), seen.append)
    assert (report.documents, report.spans) == (120, 120)
    # CoNLL is rendered in batches (of up to 500 short documents), told once each; the others per 50.
    assert seen == ([120] if fmt == "conll" else [50, 100, 120])
    before = sorted(p.name for p in tmp_path.iterdir())

    def cancel(done: int) -> None:
        raise Stop

    again = tmp_path / ("again" if fmt == "brat" else f"again.{fmt}")
    with pytest.raises(Stop):
        export_project(project, plan_export(project, fmt, again), cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no half file, no temporary left


def test_an_existing_file_is_replaced_whole(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.conll"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    export_project(project, plan_export(project, "conll", out))
    assert out.read_text(encoding="utf-8").startswith("-DOCSTART- -X- O O\n\nAlice B-PER\n")
    assert out.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("fmt", ["brat", "huggingface"])
def test_a_folder_gets_the_mode_mkdir_would_give_it(project: Project, tmp_path: Path, fmt: str) -> None:
    old = os.umask(0o022)
    try:
        export_project(project, plan_export(project, fmt, tmp_path / "new"))
    finally:
        os.umask(old)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o755  # not mkdtemp's private 0o700
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine").chmod(0o750)
    export_project(project, plan_export(project, fmt, tmp_path / "mine"))
    assert (tmp_path / "mine").stat().st_mode & 0o777 == 0o750


def test_a_link_is_followed_and_a_device_or_pipe_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "train.conll"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "train.conll"
    link.symlink_to(target)
    export_project(project, plan_export(project, "conll", link))
    assert link.is_symlink()  # the link stays, the file it points at gets the export
    assert target.read_text(encoding="utf-8").startswith("-DOCSTART- -X- O O\n")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(FormatError, match=r"pipe: is not a regular file \(a device, pipe or socket\)"):
        plan_export(project, "conll", pipe)
    with pytest.raises(FormatError, match="is not a regular file"):
        plan_export(project, "jsonl", "/dev/null")
