"""What-if experiments behind the diagnosis in benchmarks/README.md: not targets, and not run by
``make bench``.

Each experiment changes one widget setting of a real MainWindow at run time (nothing under annotator/ is
edited) and measures the same step as the benchmark, so a suspected cause is confirmed by removing it:

- entity panel sorted by a proxy, or not; its header sized to contents, or not (open, relabel);
- document list header sized to contents, or not (edits in a big project);
- document filter over three columns, the title column only, or done in Python with a model reset.

Usage: ``QT_QPA_PLATFORM=offscreen python -m benchmarks.whatif [--quick]``

The experiments probe the first design (commit 414a811), whose proxies and ResizeToContents headers
the fixes they confirmed have since removed: run them in a checkout of that commit
(``git worktree add /tmp/whatif 414a811``) to reproduce the table in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import corpus, data
from benchmarks.article import build_project
from benchmarks.editing import Editor
from benchmarks.harness import QtSession, out
from benchmarks.sizes import FULL, QUICK, Sizes

Tweak = Callable[[Any], None]


def _interactive(view: Any, columns: range | tuple[int, ...]) -> None:
    from PySide6.QtWidgets import QHeaderView

    header = view.horizontalHeader()
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)


def entity_columns_fixed(window: Any) -> None:
    """Entity panel: columns keep their width instead of ResizeToContents."""
    _interactive(window.entity_panel.view, range(1, window.span_model.columnCount()))


def entity_rows_unsorted(window: Any) -> None:
    """Entity panel: no proxy sorting (the span list is already in reading order)."""
    window.entity_panel.view.setSortingEnabled(False)
    window.entity_panel.proxy.sort(-1)


def document_columns_fixed(window: Any) -> None:
    """Document list: columns keep their width instead of ResizeToContents."""
    _interactive(window.document_panel.view, (1, 2))


def filter_title_only(window: Any) -> None:
    """Document filter: the proxy looks at the title column only."""
    window.document_panel.proxy.setFilterKeyColumn(0)


def filter_in_python(window: Any) -> None:
    """Document filter: a substring scan over precomputed casefolded rows, then a model reset."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    summaries = window.project.summaries(window.annotator)
    haystack = [f"{s.title}\t{s.status}".casefold() for s in summaries]
    everything = list(range(len(summaries)))

    class Filtered(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__(window)
            self.rows = everything

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 3

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            doc = summaries[self.rows[index.row()]]
            return (doc.title, doc.status, doc.entity_count)[index.column()]

    model = Filtered()

    def apply(text: str) -> None:
        needle = text.casefold()
        model.beginResetModel()
        model.rows = [i for i, row in enumerate(haystack) if needle in row] if needle else everything
        model.endResetModel()

    panel = window.document_panel
    panel.filter.textChanged.disconnect()
    panel.filter.textChanged.connect(apply)
    panel.view.setModel(model)
    panel.proxy = model  # the benchmark reads rowCount() from here
    document_columns_fixed(window)


def _window(qt: QtSession, db: Path, tweaks: list[Tweak]) -> Any:
    from PySide6.QtCore import QSettings

    from annotator.store.project import Project
    from annotator.ui.main_window import MainWindow

    QSettings().clear()  # else the window reopens the document the previous one had open
    window = MainWindow(Project.open(db), "bench")
    for tweak in tweaks:
        tweak(window)
    window.show()
    qt.process()
    return window


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:.0f} ms"


def main() -> int:
    """Build the data, run each experiment, print a table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.whatif", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    args = parser.parse_args()
    sizes: Sizes = QUICK if args.quick else FULL
    workdir = Path(tempfile.mkdtemp(prefix="annotator-whatif-"))
    try:
        return _run(workdir, sizes)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(workdir: Path, sizes: Sizes) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    article_db = workdir / "article.annotator"
    ids, _ = build_project(article_db, sizes, 1)
    where = corpus.paths(workdir)
    data.write_corpus(where["jsonl"], corpus.SEED, sizes.documents, sizes.spans_per_doc)
    corpus._floor_import(where["jsonl"], where["app_db"])  # the same rows, loaded fast
    qt = QtSession(workdir)
    qt.warm_up()
    lines = ["| Experiment | Variant | Result |", "| --- | --- | --- |"]

    # Open the big article, and relabel in it.
    for name, tweaks in [
        ("as is", []),
        ("entity rows unsorted", [entity_rows_unsorted]),
        ("entity columns fixed", [entity_columns_fixed]),
        ("both", [entity_rows_unsorted, entity_columns_fixed]),
    ]:
        window = _window(qt, article_db, tweaks)
        start = time.perf_counter()
        window.open_document(ids[0])
        opened = time.perf_counter() - start
        qt.process()
        painted = time.perf_counter() - start
        layer = window.layer
        editor = Editor(window, qt)
        taken = {(s.start, s.end) for s in layer.spans}
        for begin, end in data.free_words(layer.text, taken, 10, seed=5):
            editor.cycle(begin, end)
        window.close()
        result = (
            f"open_document {opened * 1e3:.0f} ms, + first paint {painted * 1e3:.0f} ms; "
            f"relabel median {_ms(editor.times['relabel'])}, add {_ms(editor.times['add'])}"
        )
        lines.append(f"| open + relabel, {sizes.article_bytes / 1e6:g} MB article | {name} | {result} |")
        out(lines[-1])

    # Edits in a short article of the big project.
    for name, tweaks in [("as is", []), ("document columns fixed", [document_columns_fixed])]:
        window = _window(qt, where["app_db"], tweaks)
        window.open_document(corpus.EDIT_DOC_ID)
        qt.process()
        layer = window.layer
        editor = Editor(window, qt)
        taken = {(s.start, s.end) for s in layer.spans}
        for begin, end in data.free_words(layer.text, taken, 10, seed=5):
            editor.cycle(begin, end)
        window.close()
        result = ", ".join(f"{kind} {_ms(times)}" for kind, times in editor.times.items())
        lines.append(f"| edits, {sizes.documents:,}-document project | {name} | medians: {result} |")
        out(lines[-1])

    # Filter the document list.
    for name, tweaks in [
        ("as is", []),
        ("title column only", [filter_title_only]),
        ("Python scan + model reset", [filter_in_python]),
    ]:
        window = _window(qt, where["app_db"], tweaks)
        panel = window.document_panel
        keys: list[float] = []
        for key in list(sizes.filter_word) + [None] * len(sizes.filter_word):
            start = time.perf_counter()
            QTest.keyClick(panel.filter, Qt.Key.Key_Backspace if key is None else key)
            qt.process()
            keys.append(time.perf_counter() - start)
        rows = panel.proxy.rowCount()
        window.close()
        result = f"slowest {max(keys) * 1e3:.0f} ms, median {_ms(keys)} (rows after erasing: {rows:,})"
        lines.append(f"| filter, {sizes.documents:,} documents | {name} | {result} |")
        out(lines[-1])
    qt.check()
    out("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
