"""Run every benchmark scenario, each in its own process, and print the figures beside their floors.

Usage: ``python -m benchmarks.run [--quick] [--profile] [--only article,import,...] [--keep]``
(``make bench`` runs it offscreen; ``make bench BENCH_ARGS="--quick --profile"`` passes flags).

Each scenario runs in a child process so that its peak memory (ru_maxrss) is its own; a child runs its
floor in the same process as its figure. Results go to benchmarks/results/latest.{json,md}; with
``--profile`` the cProfile listings go to benchmarks/results/profile-*.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import RESULTS_DIR, ChildResult, Row, out
from benchmarks.sizes import FULL, QUICK, Sizes

MEMORY_TARGET_MIB = 1024

# name -> (module, function, what it covers); run in this order (later ones read earlier ones' files).
CHILDREN = {
    "article": ("benchmarks.article", "run", "open, edit and scroll a big article"),
    "generate": ("benchmarks.corpus", "generate", "write the corpus JSONL (set-up, not a figure)"),
    "import": ("benchmarks.corpus", "import_", "import the corpus, then the minimal loader"),
    "import_ui": ("benchmarks.corpus", "import_ui", "import it again with File > Import… in the window"),
    "export": ("benchmarks.corpus", "export", "export it, then the minimal writer"),
    "start": ("benchmarks.corpus", "start", "start the app on it, filter the document list"),
    "agreement": ("benchmarks.agreement", "run", "agreement of 3 annotators over 10,000 documents"),
}


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the runner or one child."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a sanity run")
    parser.add_argument("--profile", action="store_true", help="also profile each scenario (cProfile)")
    parser.add_argument("--only", help="comma-separated children to run (article,generate,import,...)")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a new temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.child:
        return _child(args.child, args.workdir, sizes, args.profile, args.json)
    return _runner(args, sizes)


def _child(name: str, workdir: Path, sizes: Sizes, with_profile: bool, target: Path) -> int:
    module_name, function_name, _ = CHILDREN[name]
    module = __import__(module_name, fromlist=[function_name])
    function: Callable[[Path, Sizes, bool], ChildResult] = getattr(module, function_name)
    result = function(workdir, sizes, with_profile)
    target.write_text(json.dumps(result.to_json(), indent=1), encoding="utf-8")
    return 0


def _runner(args: argparse.Namespace, sizes: Sizes) -> int:
    names = list(CHILDREN)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in CHILDREN]
        if unknown:
            out(f"unknown scenario(s): {', '.join(unknown)} (choose from {', '.join(CHILDREN)})")
            return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    machine = machine_info()
    out(f"annotator benchmarks ({'quick' if args.quick else 'full'} sizes) in {workdir}")
    out("machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()))
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH")])
    )
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    started = time.perf_counter()
    try:
        for name in names:
            out(f"\n[{name}] {CHILDREN[name][2]}")
            target = workdir / f"result-{name}.json"
            target.unlink(missing_ok=True)
            command = [
                sys.executable,
                "-m",
                "benchmarks.run",
                "--child",
                name,
                "--workdir",
                str(workdir),
                "--json",
                str(target),
            ]
            command += ["--quick"] if args.quick else []
            command += ["--profile"] if args.profile else []
            child_started = time.perf_counter()
            code = subprocess.call(command, env=env)
            if code != 0 or not target.exists():
                failed.append(name)
                out(f"  FAILED (exit status {code})")
                continue
            data = json.loads(target.read_text(encoding="utf-8"))
            data["wall_s"] = time.perf_counter() - child_started
            results.append(data)
            load = ", ".join(f"{x:.1f}" for x in data["loadavg"])
            out(f"  done in {data['wall_s']:.0f} s, peak {data['peaks']['end']:.0f} MiB, load average {load}")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    total = time.perf_counter() - started

    rows = _rows(results, sizes)
    table = format_table(rows)
    out("\n" + table)
    misses = [r for r in rows if r.passed is False]
    out(
        f"\n{len(misses)} target(s) missed; total {total:.0f} s"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    report = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "sizes": sizes.to_dict(),
        "machine": machine,
        "total_s": total,
        "children": results,
        "failed": failed,
    }
    (RESULTS_DIR / "latest.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    loads = "; ".join(f"{child['name']} {child['loadavg'][0]:.1f}" for child in results if "loadavg" in child)
    (RESULTS_DIR / "latest.md").write_text(
        f"Run {report['when']} ({report['mode']} sizes), {total:.0f} s; "
        f"1-minute load average after each child: {loads}\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in machine.items())
        + "\n\n"
        + table
        + "\n"
        + _hotspots(results),
        encoding="utf-8",
    )
    out(f"results: {RESULTS_DIR / 'latest.md'}")
    return 1 if failed else 0


def _rows(results: list[dict[str, Any]], sizes: Sizes) -> list[Row]:
    rows = [Row(**row) for child in results for row in child["rows"]]
    for child in results:
        # "measured": the peak when the figures were taken, before profiling or floors added to it.
        peak = child["peaks"].get("measured", child["peaks"]["end"])
        phases = ", ".join(f"{k} {v:.0f}" for k, v in child["peaks"].items() if k != "measured")
        rows.append(
            Row(
                f"memory_{child['name']}",
                f"Peak memory: {child['name']} process",
                "ru_maxrss",
                peak,
                target=f"< {MEMORY_TARGET_MIB} MiB",
                passed=peak < MEMORY_TARGET_MIB,
                unit="MiB",
                note=f"after each phase (MiB): {phases}" if phases else "",
            )
        )
    del sizes
    return rows


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def format_table(rows: list[Row]) -> str:
    """A Markdown table: scenario, figure, measured, floor, ratio, target, verdict, note."""
    lines = [
        "| Scenario | Figure | Measured | Floor | Ratio | Target | Verdict | Notes |",
        "| --- | --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for row in rows:
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else "—"
        floor = f"{_value(row.floor, row.unit)} ({row.floor_name})" if row.floor is not None else "—"
        verdict = {True: "ok", False: "**MISSED**", None: "n/a"}[row.passed]
        lines.append(
            f"| {row.scenario} | {row.figure} | {_value(row.value, row.unit)} | {floor} | {ratio} | "
            f"{row.target} | {verdict} | {row.note} |"
        )
    return "\n".join(lines)


def _hotspots(results: list[dict[str, Any]]) -> str:
    parts = []
    for child in results:
        for name, top in child.get("profiles", {}).items():
            parts.append(f"\n### Profile: {name} (top by own time; full listing in profile-{name}.txt)\n")
            parts.append("| own s | cum s | calls | function | where |\n| ---: | ---: | ---: | --- | --- |")
            parts += [
                f"| {r['tottime']:.3f} | {r['cumtime']:.3f} | {r['calls']} | `{r['function']}` "
                f"| {r['where']} |"
                for r in top
            ]
    return "\n".join(parts) + "\n"


def machine_info() -> dict[str, str]:
    """nproc, CPU model, RAM, OS, and the versions that matter."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        ram = "unknown"
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        pyside = f"{PySide6.__version__} (Qt {qVersion()})"
    except ImportError:
        pyside = "not installed"
    try:
        from importlib.metadata import version

        sqlite_utils_version = version("sqlite-utils")
    except Exception:  # informative only
        sqlite_utils_version = "?"
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyside6": pyside,
        "sqlite": sqlite3.sqlite_version,
        "sqlite-utils": sqlite_utils_version,
        "qpa": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "code": _git_state(),
    }


def _git_state() -> str:
    """The commit the benchmarked code is at, with "-dirty" when the work tree has changes."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
