"""Rendering an export's documents in worker processes, one per core, the results kept in order.

Tokenizing is pure Python and takes most of a token format's export, and documents are independent:
batches of them go to worker processes and come back, in order, to the calling process, which writes
them. Workers are started with ``spawn`` (the same on every platform, and nothing of the caller's Qt,
SQLite or threads is inherited); a frozen app calls ``multiprocessing.freeze_support()`` first thing.

Starting workers costs a few tenths of a second, so ``render_in_order`` starts them at once only for
many tasks (``AUTO_TASKS``); otherwise it renders in the calling process until it has seen
``AUTO_CHARS`` characters of text (a few long documents), and only then hands the rest to workers.
``workers=1`` never starts one, and ``workers=N`` starts N at once (the tests use it on small data).

A spawned worker imports the caller's main script again, as every ``spawn`` does, which is safe only
when the script keeps its work under ``if __name__ == "__main__":``. So the automatic choice starts
workers only for a main module that is safe to import: the ``annotator`` command (a console script, or
``python -m``), the frozen app, an interactive session, or a script with that guard; anything else
renders in its own process, the same bytes, only slower.
"""

from __future__ import annotations

import concurrent.futures
import functools
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from annotator.model.errors import FormatError

T = TypeVar("T")
R = TypeVar("R")

AUTO_CHARS = 2 * 1024 * 1024
"""With ``workers=None``, the text rendered in the calling process before workers start: a quarter of a
second or so, about what starting them costs."""

AUTO_TASKS = 20
"""With ``workers=None``, this many tasks or more start the workers at once (a batch is 200 documents:
an export of 4,000 news articles gains more than the workers' start costs)."""


MAX_AUTO_WORKERS = 8
"""The automatic choice starts at most this many workers, however many cores there are: each holds its
own Python interpreter and about 100 MiB."""


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@functools.cache
def spawn_is_safe() -> bool:
    """Whether a spawned worker can import the main module again without running its work."""
    main = sys.modules.get("__main__")
    if getattr(sys, "frozen", False) or main is None:
        return True  # the frozen app's launcher calls multiprocessing.freeze_support() first thing
    if getattr(main, "__spec__", None) is not None:
        return True  # ``python -m``: a package's __main__ is not run again, a module is imported
    path = getattr(main, "__file__", None)
    if path is None:
        return True  # an interactive session: nothing to run again
    try:
        with open(path, encoding="utf-8", errors="replace") as script:
            source = script.read(1 << 20)
    except OSError:
        return False
    return any(f"if __name__ == {q}__main__{q}:" in source for q in "\"'")


def render_in_order(
    tasks: Iterable[T],
    local: Callable[[T], R],
    remote: Callable[[T], R],
    weigh: Callable[[R], int],
    *,
    workers: int | None = None,
) -> Generator[R, None, None]:
    """Yield the result of every task, in order: ``local(task)`` here, or ``remote(task)`` in a worker.

    Args:
        tasks: plain picklable values, one per batch.
        local: renders a task in this process.
        remote: a module-level function (or a partial of one) that renders a task in a worker process.
        weigh: the characters of text a result covered, for the automatic choice.
        workers: None to decide by the amount of text and the cores; 1 for none; N for N at once.

    Closing the generator early (a cancelled export) stops the workers; an error in a worker is raised
    here, as if the task had been rendered in this process.
    """
    if workers is None:
        cores = min(available_cores(), MAX_AUTO_WORKERS) if spawn_is_safe() else 1
    else:
        cores = workers
    pending = iter(tasks)
    if cores <= 1:
        yield from map(local, pending)
        return
    if workers is None and not (isinstance(tasks, Sized) and len(tasks) >= AUTO_TASKS):
        seen = 0
        for task in pending:
            result = local(task)
            yield result
            seen += weigh(result)
            if seen >= AUTO_CHARS:
                break
        else:
            return  # a small export: done before a worker was needed
    yield from _in_workers(pending, local, remote, cores)


def _in_workers(
    tasks: Iterator[T], local: Callable[[T], R], remote: Callable[[T], R], workers: int
) -> Generator[R, None, None]:
    """Run tasks in a pool of worker processes, a few in flight per worker, and yield them in order."""
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    except OSError:  # no semaphores for the pool's queues (some sandboxes): render here instead
        yield from map(local, tasks)
        return
    pending: deque[Future[R]] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(remote, task))
            while len(pending) > 2 * workers:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _result(future: Future[R]) -> R:
    """A finished task; a worker that died (killed, out of memory) is an error a user can read."""
    try:
        return future.result()
    except concurrent.futures.process.BrokenProcessPool as exc:
        raise FormatError(f"a worker process stopped while exporting ({exc})") from exc
