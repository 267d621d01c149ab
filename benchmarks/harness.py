"""What every benchmark child process shares: timing statistics, peak memory, profiles, offscreen Qt."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def out(line: str = "") -> None:
    """Print a line at once (the parent shows children's progress as it happens)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile by linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values: list[float]) -> dict[str, float]:
    """median, p99, max and mean of timings in seconds."""
    return {
        "n": len(values),
        "median": statistics.median(values),
        "p99": percentile(values, 99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


@dataclass
class Row:
    """One line of the results table: a figure, the floor it is compared with, and its target."""

    key: str
    scenario: str
    figure: str  # what was measured, e.g. "median per edit"
    value: float | None  # seconds (or MiB when unit is "MiB")
    floor: float | None = None
    floor_name: str = ""
    target: str = ""
    passed: bool | None = None  # None: no target, or not measurable yet
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor


@dataclass
class ChildResult:
    """What a child process hands back to the runner as JSON."""

    name: str
    rows: list[Row] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    peaks: dict[str, float] = field(default_factory=dict)  # phase -> peak RSS MiB when it ended
    profiles: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["peaks"]["end"] = peak_mb()
        # Other processes on a 2-core machine skew every figure: say how busy it was.
        data["loadavg"] = os.getloadavg()
        return data


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def profile(name: str, action: Callable[[], object], top: int = 12) -> list[dict[str, Any]]:
    """Run ``action`` under cProfile; write the full listing to results/profile-NAME.txt; return the top.

    The top is by own time (tottime), which is where C++ work done inside a Qt call shows up, as the
    builtin method that called it.
    """
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        action()
    finally:
        profiler.disable()
    RESULTS_DIR.mkdir(exist_ok=True)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(40)
    (RESULTS_DIR / f"profile-{name}.txt").write_text(stream.getvalue(), encoding="utf-8")
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    rows = []
    for (filename, line, function), entry in stats.stats.items():  # type: ignore[attr-defined]
        _cc, ncalls, tottime, cumtime, _callers = entry
        rows.append(
            {
                "function": function,
                "where": f"{_short_path(filename)}:{line}" if line else _short_path(filename),
                "calls": ncalls,
                "tottime": tottime,
                "cumtime": cumtime,
                "share": tottime / total if total else 0.0,
            }
        )
    rows.sort(key=lambda r: r["tottime"], reverse=True)
    return rows[:top]


def _short_path(filename: str) -> str:
    for marker in ("/annotator/", "/benchmarks/", "/site-packages/", "/lib/python3"):
        at = filename.rfind(marker)
        if at >= 0:
            return filename[at + 1 :]
    return filename


# -- offscreen Qt ----------------------------------------------------------------------------------


class QtSession:
    """A QApplication on the offscreen platform with settings in a scratch folder and no modal dialogs.

    A message box would block the run forever, so the static QMessageBox helpers are replaced by ones
    that record the message; ``check()`` fails the scenario if any was shown.
    """

    def __init__(self, workdir: Path) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QCoreApplication, QSettings, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication, QMessageBox

        def quiet(mode: Any, context: Any, message: str) -> None:
            del mode, context
            if not message.startswith("This plugin does not support"):  # offscreen has no size hints
                sys.stderr.write(message + "\n")

        qInstallMessageHandler(quiet)

        self.app = QApplication.instance() or QApplication(["annotator-bench"])
        QCoreApplication.setOrganizationName("annotator-bench")
        QCoreApplication.setApplicationName("annotator-bench")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir / "settings"))
        QSettings().clear()
        self.messages: list[tuple[str, str]] = []  # (kind, "title | text")

        def recorder(kind: str) -> Any:
            def record(*args: Any, **kwargs: Any) -> Any:
                del kwargs
                self.messages.append((kind, " | ".join(str(a) for a in args[1:3])))
                return QMessageBox.StandardButton.Ok

            return staticmethod(record)

        for kind in ("warning", "information", "critical", "question"):
            setattr(QMessageBox, kind, recorder(kind))

    def process(self) -> None:
        """Handle every pending event (posted updates paint here)."""
        self.app.processEvents()

    def check(self) -> None:
        """Fail if the app showed a warning or error box (an error the benchmark must not hide)."""
        problems = [text for kind, text in self.messages if kind != "information"]
        if problems:
            raise RuntimeError(f"the app reported: {problems}")

    def warm_up(self) -> float:
        """Show and paint a small widget once, so font and style set-up is not billed to the first case."""
        from PySide6.QtWidgets import QLabel

        def show() -> None:
            label = QLabel("warm-up ٱلسلام 🙏")
            label.show()
            self.process()
            label.repaint()
            label.close()
            label.deleteLater()
            self.process()

        return timed(show)


class PaintCounter:
    """Counts paint events of a widget through an event filter (proof that a timed step painted)."""

    def __init__(self, widget: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint

        class _Filter(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.count = 0

            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == paint:
                    self.count += 1
                return False

        self._filter = _Filter()
        widget.installEventFilter(self._filter)

    @property
    def count(self) -> int:
        return self._filter.count
