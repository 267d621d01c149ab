"""CoNLL exports rendered in batches, in this process and in worker processes: the same bytes, in order.

The batched path reads each batch of documents by an id range and renders it on its own; the bytes and
the report must be those of ``write_conll`` over ``export_records`` (which ``test_conll_same_bytes``
compares with the writer before it), with one worker, with two, and when the automatic choice switches
to workers part way through.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import sys
import types
from pathlib import Path

import pytest

from annotator.formats import batched, pool
from annotator.formats import exporting as exporting_module
from annotator.formats.batched import Batch, render_batch_from
from annotator.formats.conll import write_conll
from annotator.formats.exporting import export_project, plan_export
from annotator.formats.registry import find_format
from annotator.formats.report import FormatReport
from annotator.model.errors import AnnotatorError, ProjectError
from annotator.store.export import export_layers, export_sizes, read_one_layer
from annotator.store.project import Project
from annotator.store.transfer import export_records
from tests.unit.test_conll_same_bytes import DOCUMENTS

CONLL = find_format("conll").render
assert CONLL is not None


class Stop(Exception):
    pass


@pytest.fixture(scope="module")
def project_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The adversarial and random documents of test_conll_same_bytes in a project file, with every span
    the store accepts (nested, overlapping, misaligned and sentence-crossing ones) and a few events."""
    path = tmp_path_factory.mktemp("pool") / "many.annotator"
    project = Project.open(path, create=True)
    with project.transaction():
        for number, record in enumerate(DOCUMENTS):
            doc = project.add_document(record.text, title=record.ext_id, ext_id=record.ext_id)
            if number % 7 == 3:
                project.set_status(doc, "done")
            for entity in record.entities:
                # An empty span, one outside the text or a bad label: the store refuses it.
                with contextlib.suppress(AnnotatorError):
                    project.add_span(doc, "ann", entity.start, entity.end, entity.label)
            if record.events and record.text:
                project.add_event(doc, "ann", "Life:Die", 0, 1)
    project.close()
    return path


def _expected(path: Path, scheme: str = "iob2", status: str | None = None) -> tuple[bytes, FormatReport]:
    project = Project.open(path)
    try:
        stream = io.StringIO()
        report = write_conll(export_records(project, status=status), stream, scheme=scheme)
    finally:
        project.close()
    return stream.getvalue().encode("utf-8"), report


def _export(path: Path, out: Path, fmt: str = "conll", **options: object) -> FormatReport:
    project = Project.open(path)
    try:
        status = options.pop("status", None)
        plan = plan_export(project, fmt, out, status=status)  # type: ignore[arg-type]
        return export_project(project, plan, **options)  # type: ignore[arg-type]
    finally:
        project.close()


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("fmt", ["conll", "conll-bioes"])
def test_batches_give_the_bytes_and_report_of_the_record_writer(
    project_file: Path, tmp_path: Path, workers: int, fmt: str
) -> None:
    expected, expected_report = _expected(project_file, "bioes" if fmt == "conll-bioes" else "iob2")
    out = tmp_path / "out.conll"
    seen: list[int] = []
    report = _export(project_file, out, fmt, workers=workers, progress=seen.append)
    assert out.read_bytes() == expected
    assert report == expected_report
    assert report.spans > 500
    assert {s.what for s in report.skipped} >= {"entity", "event"}
    # Several batches, told in order, ending with every document (equal texts are one document).
    assert len(seen) == -(-report.documents // batched.BATCH_DOCUMENTS) > 1
    assert seen == sorted(seen)
    assert seen[-1] == report.documents > len(DOCUMENTS) * 0.9


def test_workers_open_a_project_whose_name_needs_quoting_in_a_uri(project_file: Path, tmp_path: Path) -> None:
    odd = tmp_path / "dossier #1 ?été%20" / "mes articles #2.annotator"
    odd.parent.mkdir()
    odd.write_bytes(project_file.read_bytes())
    expected, expected_report = _expected(project_file)
    out = tmp_path / "odd.conll"
    report = _export(odd, out, workers=2)
    assert out.read_bytes() == expected
    assert report == expected_report


def test_a_status_filter_applies_to_every_batch(project_file: Path, tmp_path: Path) -> None:
    expected, expected_report = _expected(project_file, status="done")
    out = tmp_path / "done.conll"
    report = _export(project_file, out, workers=2, status="done")
    assert out.read_bytes() == expected
    assert report == expected_report
    assert 0 < report.documents < len(DOCUMENTS) // 5
    assert report.documents == len(expected.split(b"-DOCSTART-")) - 1


def test_the_automatic_choice_switches_to_workers_part_way(
    project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = _expected(project_file)
    started: list[int] = []
    real = pool._in_workers

    def counting(*args: object) -> object:
        started.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "_in_workers", counting)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    monkeypatch.setattr(pool, "spawn_is_safe", lambda: True)
    monkeypatch.setattr(pool, "AUTO_CHARS", 1)  # after the first batch
    out = tmp_path / "auto.conll"
    _export(project_file, out)
    assert out.read_bytes() == expected
    assert started == [1]


def test_many_batches_start_the_workers_at_once(
    project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected, _ = _expected(project_file)
    local_calls: list[int] = []
    render = exporting_module.render_batch

    def counted(*args: object) -> object:
        local_calls.append(1)
        return render(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(exporting_module, "render_batch", counted)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    monkeypatch.setattr(pool, "spawn_is_safe", lambda: True)
    monkeypatch.setattr(pool, "AUTO_TASKS", 2)  # the project has 4 batches
    out = tmp_path / "many.conll"
    _export(project_file, out)
    assert out.read_bytes() == expected
    assert local_calls == []  # every batch went to a worker


def test_a_small_export_starts_no_worker(
    project_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(pool, "available_cores", lambda: 2)
    monkeypatch.setattr(pool, "spawn_is_safe", lambda: True)
    expected, _ = _expected(project_file)
    out = tmp_path / "small.conll"
    _export(project_file, out)  # well under AUTO_CHARS of text
    assert out.read_bytes() == expected


def test_an_error_in_a_worker_is_raised_in_the_caller(tmp_path: Path) -> None:
    tasks = [Batch(CONLL, None, None, None, 1, 1)] * 3
    missing = tmp_path / "gone.annotator"
    remote = functools.partial(render_batch_from, missing)
    results = pool.render_in_order(tasks, remote, remote, len, workers=2)
    with pytest.raises(ProjectError, match=r"gone\.annotator: cannot read the project file \(unable to open"):
        list(results)


def test_cancelling_stops_the_workers_and_leaves_nothing(project_file: Path, tmp_path: Path) -> None:
    def cancel(done: int) -> None:
        raise Stop

    out = tmp_path / "cancelled.conll"
    with pytest.raises(Stop):
        _export(project_file, out, workers=2, progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_batches_cover_the_ids_once_each(project_file: Path) -> None:
    project = Project.open(project_file)
    try:
        sizes = export_sizes(project)
        ids = [ident for ident, _ in sizes]
        assert sizes == [(ident, len(project.document(ident).text)) for ident in ids]
        cut = batched.batches(sizes, CONLL, None, None, None)
        assert [b.first for b in cut] == ids[:: batched.BATCH_DOCUMENTS]
        assert cut[-1].last == ids[-1]
        lean = [
            (document.text, document.entities, document.events)
            for b in cut
            for document in read_one_layer(
                project.db.conn, "x", annotator=None, status=None, review=None, ids=(b.first, b.last)
            )
        ]
        assert lean == [(layer.text, layer.entities, len(layer.events)) for layer in export_layers(project)]
        assert sum(events for *_, events in lean) > 10
        done = export_sizes(project, status="done")
        assert [ident for ident, _ in done] == [d for d in ids if project.document_status(d) == "done"]
        assert 0 < len(done) < len(ids)
    finally:
        project.close()


def test_a_plan_that_mixes_annotators_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "two.annotator", create=True)
    doc = project.add_document("Alice met Bob.")
    project.add_span(doc, "ann", 0, 5, "PER")
    project.add_span(doc, "bob", 10, 13, "PER")
    plan = plan_export(project, "conll", tmp_path / "x.conll", annotator="ann")
    with pytest.raises(ProjectError, match="holds one annotator's labels per document: choose one"):
        export_project(project, dataclasses.replace(plan, annotator=None))  # as plan_export never makes it
    assert not (tmp_path / "x.conll").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file
    project.close()


def test_batches_hold_at_most_a_megabyte_of_text_but_never_less_than_a_document() -> None:
    sizes = [(1, 10), (2, 600_000), (3, 600_000), (4, 3_000_000), (5, 5), (6, 7)]
    cut = batched.batches(sizes, CONLL, None, None, None)
    assert [(b.first, b.last) for b in cut] == [(1, 2), (3, 3), (4, 4), (5, 6)]
    many = batched.batches([(n, 1) for n in range(1, 451)], CONLL, None, None, None)
    assert [(b.first, b.last) for b in many] == [(1, 200), (201, 400), (401, 450)]


@pytest.mark.parametrize(
    ("source", "safe"),
    [
        ('import x\n\nif __name__ == "__main__":\n    x.main()\n', True),
        ("import x\n\nif __name__ == '__main__':\n    x.main()\n", True),
        ("import x\n\nx.main()\n", False),
    ],
)
def test_workers_start_only_when_the_main_script_is_safe_to_import_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, safe: bool
) -> None:
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    main.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", main)
    pool.spawn_is_safe.cache_clear()
    try:
        assert pool.spawn_is_safe() is safe
    finally:
        pool.spawn_is_safe.cache_clear()


def test_a_module_run_with_dash_m_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    main = types.ModuleType("__main__")
    main.__spec__ = types.SimpleNamespace(name="annotator.__main__")  # type: ignore[assignment]
    monkeypatch.setitem(sys.modules, "__main__", main)
    pool.spawn_is_safe.cache_clear()
    try:
        assert pool.spawn_is_safe() is True
    finally:
        pool.spawn_is_safe.cache_clear()


def test_the_automatic_choice_starts_a_worker_per_core_up_to_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []

    def in_workers(tasks: object, local: object, remote: object, workers: int) -> object:
        started.append(workers)
        return iter(())

    monkeypatch.setattr(pool, "_in_workers", in_workers)
    monkeypatch.setattr(pool, "spawn_is_safe", lambda: True)
    for cores, expected in ((2, 2), (3, 3), (64, pool.MAX_AUTO_WORKERS)):
        monkeypatch.setattr(pool, "available_cores", lambda cores=cores: cores)
        list(pool.render_in_order([0] * pool.AUTO_TASKS, int, int, int))
        assert started.pop() == expected
    list(pool.render_in_order([0] * pool.AUTO_TASKS, int, int, int, workers=12))
    assert started == [12]  # asked for: as many as asked


def test_one_worker_or_one_core_renders_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "available_cores", lambda: 1)

    def remote(task: int) -> int:
        raise AssertionError("sent to a worker")

    assert list(pool.render_in_order(range(5), lambda t: t * 2, remote, int)) == [0, 2, 4, 6, 8]
    assert list(pool.render_in_order(range(3), lambda t: t, remote, int, workers=1)) == [0, 1, 2]
