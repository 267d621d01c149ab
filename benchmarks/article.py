"""One big article in the real MainWindow: open it, edit 200 spans through the undo stack, scroll it.

Floors, measured in the same process: a bare QPlainTextEdit.setPlainText of the same text (open), a raw
sqlite3 write + commit on the same project file plus a bare viewport repaint (edits), and page-step
scrolling of that bare QPlainTextEdit (scroll).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks import data
from benchmarks.editing import Editor, bare_editor, edit_floor, edit_info, edit_rows
from benchmarks.harness import ChildResult, PaintCounter, QtSession, Row, out, peak_mb, profile, summary
from benchmarks.sizes import Sizes

ANNOTATOR = "bench"


def build_project(path: Path, sizes: Sizes, count: int) -> tuple[list[int], float]:
    """A project with a short first document and ``count`` big articles; returns their ids and the time."""
    from annotator.store.project import NewSpan, Project

    started = time.perf_counter()
    project = Project.open(path, create=True)
    project.add_document("Welcome.\n\nA short first document, opened at start.", title="Welcome")
    ids = []
    with project.transaction():
        for seed in range(1, count + 1):
            text, mentions = data.big_article(seed, size=sizes.article_bytes, spans=sizes.article_spans)
            doc_id = project.add_document(text, title=f"Long report {seed}")
            project.add_spans(doc_id, ANNOTATOR, [NewSpan(*m) for m in mentions])
            project.add_events(doc_id, ANNOTATOR, _events(project, doc_id, sizes.article_events))
            ids.append(doc_id)
    project.close()
    return ids, time.perf_counter() - started


def _events(project: Any, doc_id: int, count: int) -> list[Any]:
    """``count`` Conflict:Attack events spread over the article, each with two arguments nearby."""
    from annotator.store.project import NewEvent

    spans = project.spans(doc_id, ANNOTATOR)
    step = max(1, len(spans) // count)
    events = []
    for i in range(0, min(len(spans) - 2, count * step), step):
        trigger, attacker, target = spans[i], spans[i + 1], spans[i + 2]
        arguments = (("Attacker", attacker.id), ("Target", target.id))
        events.append(NewEvent("Conflict:Attack", trigger.start, trigger.end, arguments))
    return events[:count]


def run(workdir: Path, sizes: Sizes, with_profile: bool) -> ChildResult:
    """The open, edit and scroll scenarios, each beside its floor."""
    result = ChildResult("article")
    path = workdir / "article.annotator"
    for leftover in workdir.glob("article.annotator*"):
        leftover.unlink()
    ids, setup = build_project(path, sizes, sizes.open_repeats + (1 if with_profile else 0))
    result.info["setup_s"] = setup
    out(
        f"  built {len(ids)} articles of {sizes.article_bytes:,} bytes / {sizes.article_spans:,} spans "
        f"in {setup:.1f} s"
    )

    qt = QtSession(workdir)
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QAbstractSlider

    from annotator.store.project import Project
    from annotator.ui.main_window import MainWindow

    result.info["warm_up_s"] = qt.warm_up()
    project = Project.open(path)
    window = MainWindow(project, ANNOTATOR)
    window.show()
    qt.process()
    view = window.text_view
    paints = PaintCounter(view.viewport())
    bare: Any = None

    def visible_pieces() -> int:
        """How many span pieces a paint of the whole viewport draws (asked after the timed step)."""
        return len(view._visible_pieces(QRectF(view.viewport().rect())))

    def drawn() -> list[tuple[int, float, float, float, int]]:
        """What a paint of the whole viewport draws from the layer as it is now: (id, x, y, width, depth)."""
        pieces = view._visible_pieces(QRectF(view.viewport().rect()))
        return [(item.id, rect.x(), rect.y(), rect.width(), depth) for rect, item, depth, _ in pieces]

    # -- open ------------------------------------------------------------------------------------
    opens: list[float] = []
    floors: list[float] = []
    phases: list[dict[str, float]] = []
    for doc_id in ids[: sizes.open_repeats]:
        text = project.document(doc_id).text
        if bare is not None:
            bare.close()
            bare.deleteLater()
        bare = bare_editor("", view, qt)
        start = time.perf_counter()
        bare.setPlainText(text)
        qt.process()
        floors.append(time.perf_counter() - start)

        before = paints.count
        start = time.perf_counter()
        window.open_document(doc_id)
        opened = time.perf_counter()
        qt.process()
        shown = time.perf_counter()
        qt.check()
        pieces = visible_pieces()
        if paints.count == before or not pieces:
            raise RuntimeError("opening the article painted no spans")
        # The first frame may come from the first screen's spans only: it must draw what the whole
        # layer draws once the rest has loaded after it.
        first_frame, partial = drawn(), not window.layer.loaded
        loaded, longest_pass = _layer_loaded(qt, window, start)
        if drawn() != first_frame:
            raise RuntimeError("the first frame did not draw every visible span of the layer")
        filled, longest_fill_pass = _event_panel_filled(qt, window, start)
        phases.append(
            {
                "open_document_s": opened - start,
                "first_paint_s": shown - opened,
                "first_frame_partial": float(partial),
                # The rest of the layer loads after the first frame, a step per pass of the event loop.
                "layer_loaded_s": loaded,
                # The event panel fills after the first frame: when it is done, from the start.
                "event_panel_filled_s": filled,
                # How long a key pressed after the first frame could wait, until the panels are filled.
                "longest_pass_until_filled_s": max(longest_pass, longest_fill_pass),
                "layout_done_s": _layout_done(qt, view, start),
                "spans_painted_first_frame": pieces,
            }
        )
        opens.append(shown - start)
    stats = summary(opens)
    floor = summary(floors)["median"]

    def median_of(phase: str) -> float:
        return summary([p[phase] for p in phases])["median"]

    result.info["open"] = {"runs": opens, "floor_runs": floors, "phases": phases}
    result.rows.append(
        Row(
            "open",
            f"Open a {sizes.article_bytes / 1e6:g} MB article with {sizes.article_spans:,} spans "
            f"and {sizes.article_events:,} events",
            f"median of {len(opens)}: open_document + first paint",
            stats["median"],
            floor,
            "QPlainTextEdit.setPlainText + paint",
            "< 0.5 s and <= 3x floor",
            stats["median"] < 0.5 and stats["median"] <= 3 * floor,
            note=f"rest of the layer loaded after {median_of('layer_loaded_s'):.2f} s, "
            f"event panel filled and painted after {median_of('event_panel_filled_s'):.2f} s (longest "
            f"event-loop pass until then {median_of('longest_pass_until_filled_s') * 1e3:.0f} ms), full "
            f"layout done after {median_of('layout_done_s'):.2f} s; "
            f"{phases[-1]['spans_painted_first_frame']} span pieces painted in the first frame",
        )
    )
    result.peaks["open"] = peak_mb()
    out(f"  open: median {stats['median']:.3f} s, floor {floor:.3f} s")

    # -- edits -----------------------------------------------------------------------------------
    layer = window.layer
    assert layer is not None
    doc_id = layer.document.id
    taken = {(s.start, s.end) for s in layer.spans}
    cycles = sizes.edits // 5
    words = data.free_words(layer.text, taken, cycles + (10 if with_profile else 0), seed=7)
    edit_words, profile_words = words[:cycles], words[cycles:]
    editor = Editor(window, qt)
    for start, end in edit_words:
        editor.cycle(start, end)
    if bare is not None:
        bare.close()
    bare = bare_editor(layer.text, view, qt)
    floor_times = edit_floor(path, doc_id, ANNOTATOR, cycles, bare)
    result.info["edits"] = edit_info(editor, floor_times)
    rows = edit_rows(
        "edit",
        f"{len(editor.every())} edits in that article (add, relabel, delete, undo, redo)",
        editor,
        floor_times,
    )
    result.rows += rows
    result.peaks["edits"] = peak_mb()
    edit_stats = summary(editor.every())
    out(f"  edits: median {edit_stats['median'] * 1e3:.1f} ms, p99 {edit_stats['p99'] * 1e3:.1f} ms")

    # -- scroll ----------------------------------------------------------------------------------
    def scroll(widget: Any) -> tuple[list[float], list[int]]:
        bar = widget.verticalScrollBar()
        bar.setValue(0)
        qt.process()
        frames: list[float] = []
        pieces: list[int] = []
        while bar.value() < bar.maximum():
            start = time.perf_counter()
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            widget.viewport().repaint()
            frames.append(time.perf_counter() - start)
            if widget is view:
                pieces.append(visible_pieces())
        return frames, pieces

    frames, pieces = scroll(view)
    floor_frames, _ = scroll(bare)
    scroll_stats, floor_stats = summary(frames), summary(floor_frames)
    result.info["scroll"] = {
        "frames": scroll_stats,
        "floor": floor_stats,
        "span_pieces_per_frame": summary([float(p) for p in pieces]),
    }
    result.rows.append(
        Row(
            "scroll",
            "Scroll that article top to bottom by pages",
            f"max frame of {len(frames)} (repaint per page)",
            scroll_stats["max"],
            floor_stats["max"],
            "QPlainTextEdit page scroll, max",
            "no frame > 50 ms",
            scroll_stats["max"] <= 0.050,
            note=f"median {scroll_stats['median'] * 1e3:.1f} ms, p99 {scroll_stats['p99'] * 1e3:.1f} ms "
            f"(floor median {floor_stats['median'] * 1e3:.1f}, p99 {floor_stats['p99'] * 1e3:.1f}, "
            f"max {floor_stats['max'] * 1e3:.1f} ms)",
        )
    )
    result.peaks["scroll"] = peak_mb()
    result.peaks["measured"] = peak_mb()
    out(f"  scroll: max {scroll_stats['max'] * 1e3:.1f} ms over {len(frames)} frames")

    # -- profiles (separate passes: cProfile slows what it watches) -------------------------------
    if with_profile:
        result.profiles["open"] = profile("open", lambda: (window.open_document(ids[-1]), qt.process()))
        window.open_document(doc_id)
        qt.process()
        result.profiles["edit"] = profile("edit", lambda: [editor.cycle(*w) for w in profile_words])
        result.profiles["scroll"] = profile("scroll", lambda: scroll(view))
    window.close()
    return result


def _layer_loaded(qt: QtSession, window: Any, start: float) -> tuple[float, float]:
    """Seconds from ``start`` until every span and event of the open layer is in memory, and the longest
    single pass of the event loop until then (how long a key pressed meanwhile could wait)."""
    longest = 0.0
    while not window.layer.loaded and time.perf_counter() - start < 5:
        begun = time.perf_counter()
        qt.process()
        longest = max(longest, time.perf_counter() - begun)
    if not window.layer.loaded:
        raise RuntimeError("the rest of the layer was not loaded")
    return time.perf_counter() - start, longest


def _event_panel_filled(qt: QtSession, window: Any, start: float) -> tuple[float, float]:
    """Seconds from ``start`` until the event panel holds every event of the open layer and has painted,
    and the longest single pass of the event loop until then."""
    expected = len(window.layer.events)
    longest = 0.0
    while window.events.model.rowCount() != expected and time.perf_counter() - start < 5:
        begun = time.perf_counter()
        qt.process()
        longest = max(longest, time.perf_counter() - begun)
    if window.events.model.rowCount() != expected:
        raise RuntimeError("the event panel was not filled")
    begun = time.perf_counter()
    qt.process()  # the tree lays its rows out and paints them
    return time.perf_counter() - start, max(longest, time.perf_counter() - begun)


def _layout_done(qt: QtSession, view: Any, start: float) -> float:
    """Seconds from ``start`` until the document's laid-out height stops changing for 0.3 s."""
    layout = view.document().documentLayout()
    height = layout.documentSize().height()
    changed = time.perf_counter()
    while time.perf_counter() - changed < 0.3:
        qt.process()
        time.sleep(0.005)
        now = layout.documentSize().height()
        if now != height:
            height, changed = now, time.perf_counter()
    return changed - start
