"""Exporting a project in any format, for the command line and the window alike.

The output is built beside its destination (a hidden temporary file or folder) and renamed into place
only when complete, so a failure or a cancel never leaves half an export, and an existing file is
replaced in one step. ``progress`` is called as documents are written; raising from it cancels.

Formats with a batch renderer (CoNLL) are rendered in worker processes, one per core, once an export
is big enough to gain from it (``annotator.formats.pool``); the bytes are the same either way.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from annotator.formats.batched import Rendered, Renderer, batches, render_batch, render_batch_from
from annotator.formats.jsonl_export import export_jsonl
from annotator.formats.pool import render_in_order
from annotator.formats.registry import Format, find_format
from annotator.formats.report import FormatReport
from annotator.model.errors import FormatError, ProjectError
from annotator.store.export import ExportLayer, check_export_filters, export_sizes
from annotator.store.project import Project
from annotator.store.transfer import export_records

Progress = Callable[[int], None]
"""Called with the number of documents written so far; may raise to stop the export."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class ExportPlan:
    """What an export will write: checked before anything is written."""

    fmt: Format
    out: Path
    annotator: str | None
    status: str | None
    documents: int
    review: str | None = None


def plan_export(
    project: Project,
    fmt: Format | str,
    out: Path | str,
    *,
    annotator: str | None = None,
    status: str | None = None,
    review: str | None = None,
) -> ExportPlan:
    """Check an export before it starts: the format, the filters, the layers and the destination.

    Raises ProjectError or FormatError with a message for the user; nothing is written.
    """
    fmt = find_format(fmt) if isinstance(fmt, str) else fmt
    out = Path(out)
    if not fmt.can_export:
        raise FormatError(f"{fmt.title} can be imported but not exported")
    check_export_filters(project, annotator=annotator, status=status, review=review)
    if fmt.single_layer and annotator is None:
        layers = project.annotators()
        if len(layers) > 1:
            raise ProjectError(
                f"the project has labels by {', '.join(layers)}; {fmt.title} holds one annotator's labels "
                "per document: choose one (--annotator NAME, or --gold for the adjudicated layer)"
            )
    if fmt.folder:
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise FormatError(f"{out}: already exists and is not an empty folder")
    elif out.is_dir():
        raise FormatError(f"{out}: is a folder; {fmt.title} is written to a file")
    elif out.exists() and not out.is_file():
        # The export replaces the file in one rename, which would put a plain file in place of a device
        # or a pipe (say /dev/stdout) rather than write to it.
        raise FormatError(f"{out}: is not a regular file (a device, pipe or socket); export to a file")
    if not out.parent.is_dir():
        raise FormatError(f"{out}: cannot write (the folder {out.parent} does not exist)")
    return ExportPlan(fmt, out, annotator, status, project.document_count(status, review), review)


def export_project(
    project: Project, plan: ExportPlan, progress: Progress | None = None, *, workers: int | None = None
) -> FormatReport:
    """Write the export a plan describes; see the module docstring for how it is made safe.

    Args:
        project: the open project.
        plan: what ``plan_export`` checked.
        progress: told the number of documents written so far; raising from it cancels.
        workers: processes for formats rendered in batches: None to decide by size and cores, 1 for
            none (everything in this process).
    """
    fmt = plan.fmt
    report = FormatReport()
    if fmt.folder:
        _atomic_folder(plan.out, lambda temp: _write(project, plan, temp, report, progress, workers))
    else:
        _atomic_file(plan.out, lambda temp: _write(project, plan, temp, report, progress, workers))
    return report


def _write(
    project: Project,
    plan: ExportPlan,
    path: Path,
    report: FormatReport,
    progress: Progress | None,
    workers: int | None,
) -> None:
    if plan.fmt.writer is None:  # native JSONL, written straight from the rows
        counts = export_jsonl(
            project,
            path,
            annotator=plan.annotator,
            status=plan.status,
            review=plan.review,
            watch=_counted_layers(progress),
        )
        report.documents, report.spans, report.events = counts.documents, counts.spans, counts.events
        return
    if plan.fmt.render is not None and not plan.fmt.folder:
        _write_rendered(project, plan, plan.fmt.render, path, report, progress, workers)
        return
    records = export_records(project, annotator=plan.annotator, status=plan.status, review=plan.review)
    plan.fmt.writer(_counted(records, progress), path, project.schema, report)


def _write_rendered(
    project: Project,
    plan: ExportPlan,
    render: Renderer,
    path: Path,
    report: FormatReport,
    progress: Progress | None,
    workers: int | None,
) -> None:
    """Write a one-layer format rendered in batches of documents, straight from the rows (no record
    objects). Worker processes read their batches from the project file, so a project in memory has
    none."""
    if plan.annotator is None and len(project.annotators()) > 1:  # plan_export refuses such a plan
        raise ProjectError(f"{plan.fmt.title} holds one annotator's labels per document: choose one")
    sizes = export_sizes(project, status=plan.status, review=plan.review)
    tasks = batches(sizes, render, plan.annotator, plan.status, plan.review)
    local = functools.partial(render_batch, project)
    remote = local if project.path is None else functools.partial(render_batch_from, project.path)
    if project.path is None:
        workers = 1
    rendered = render_in_order(tasks, local, remote, _chars, workers=workers)
    done = 0
    with path.open("wb") as stream, contextlib.closing(rendered):
        for data, part, _ in rendered:
            stream.write(data)
            report.documents += part.documents
            report.spans += part.spans
            report.events += part.events
            report.skipped += part.skipped
            done += part.documents
            if progress is not None:
                progress(done)


def _chars(rendered: Rendered) -> int:
    return rendered.chars


def _counted(items: Iterable[_T], progress: Progress | None) -> Iterator[_T]:
    """The items, telling ``progress`` every 50 of them."""
    if progress is None:
        yield from items
        return
    count = 0
    for item in items:
        yield item
        count += 1
        if count % 50 == 0:
            progress(count)
    progress(count)


def _counted_layers(
    progress: Progress | None,
) -> Callable[[Iterable[ExportLayer]], Iterator[ExportLayer]] | None:
    """A filter over exported layers that tells ``progress`` the number of documents done."""
    if progress is None:
        return None
    report = progress

    def counted(layers: Iterable[ExportLayer]) -> Iterator[ExportLayer]:
        documents, last = 0, None
        for layer in layers:
            if layer.doc_id != last:
                documents, last = documents + 1, layer.doc_id
                if documents % 50 == 0:
                    report(documents)
            yield layer
        report(documents)

    return counted


def _atomic_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through a temporary file beside it, renamed into place when complete.

    A symbolic link is followed: the file it points at is replaced, and the link stays.
    """
    if path.is_symlink():
        path = path.resolve()
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else default_mode()
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
    except OSError as exc:
        raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    temp = Path(name)
    try:
        write(temp)
        with temp.open("rb") as written:
            os.fsync(written.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise


def _atomic_folder(path: Path, write: Callable[[Path], None]) -> None:
    """Build a folder beside its destination and rename it into place when complete."""
    try:
        # An empty folder the user made keeps its permissions; a new one gets what mkdir would give it
        # (mkdtemp makes the folder private, 0o700).
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o777 & ~_umask()
        building = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    except OSError as exc:
        raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    try:
        write(building)
        os.chmod(building, mode)
        if path.exists():
            path.rmdir()  # empty: checked by plan_export
        building.rename(path)
    except BaseException as exc:
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(exc, OSError):
            raise FormatError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        raise


def default_mode() -> int:
    """The permissions a new file gets under the current umask."""
    return 0o666 & ~_umask()


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
