"""Background work: the one tool every stage that works in parallel uses.

This machine has two cores, and several parts of a build do not depend on each other
(validation and writing, JSON-LD and Turtle, the two halves of the pages). A stage says *what*
runs beside what:

    with Workers() as workers:
        checking = workers.start(partial(validate, triples, shapes))
        ...                                   # meanwhile, in this process
        report = checking.result()            # waits, and re-raises the job's error

and `Workers` knows *how*: each job runs in a forked child; leaving the block cancels every job
whose result was not taken (on an error, before the caller's cleanup removes the folder the
job writes into), so no process outlives its stage. Where fork is unavailable, or with
`Workers(parallel=False)`, a job runs in the calling process when its result is asked for.

Many small pieces of the same work (pages) are shared out a chunk at a time
(`workers.share(items, work)`): each process takes the next chunk when done with its last, and
the calling process first does the `later()` work still waiting, which it would do anyway.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
import weakref
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from operator import itemgetter
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Workers:
    """Jobs started in forked children, all ended when the block is left."""

    def __init__(self, parallel: bool = True) -> None:
        self.parallel = parallel and "fork" in multiprocessing.get_all_start_methods()
        self._jobs: list[Job[object]] = []

    def start(self, work: Callable[[], T]) -> Job[T]:
        job: Job[T] = Job(work, self.parallel)
        self._jobs.append(job)  # type: ignore[arg-type]
        return job

    def share(
        self, items: Sequence[T], work: Callable[[Sequence[T]], R], processes: int, chunk: int
    ) -> list[R]:
        """work() over items a chunk at a time, in this process and processes - 1 forked
        children, each taking the next chunk when done with its last (a process slowed by
        other work takes fewer); this process first does the later() work still waiting
        rather than wait for the children at the end. The results in the order of the
        chunks, whichever process made them."""
        starts = range(0, len(items), chunk)
        if not self.parallel or processes < 2 or len(starts) < 2:
            return [work(items[start : start + chunk]) for start in starts]
        counter = multiprocessing.get_context("fork").Value("q", 0)

        def take() -> list[tuple[int, R]]:
            made: list[tuple[int, R]] = []
            while True:
                with counter.get_lock():
                    start = counter.value
                    counter.value = start + chunk
                if start >= len(items):
                    return made
                made.append((start, work(items[start : start + chunk])))

        others = [self.start(take) for _ in range(processes - 1)]
        do_later_work()
        made = take()
        for job in others:
            made.extend(job.result())
        return [result for _, result in sorted(made, key=itemgetter(0))]

    def cancel(self) -> None:
        """End every job whose result was not taken (their answers are not wanted)."""
        for job in self._jobs:
            job.cancel()
        self._jobs.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.cancel()


def later(work: Callable[[], T]) -> Job[T]:
    """Work done in this process when its result is first asked for, or when the process
    would otherwise wait (do_later_work): for work that would touch much of the parent's
    memory in a forked worker (copying it) and gain little."""
    job = Job(work, parallel=False)
    _waiting.append(weakref.ref(job))  # type: ignore[arg-type]
    return job


# later() jobs in the order they were made; a job no one holds any more is not done
_waiting: list[weakref.ref[Job[object]]] = []


def do_later_work() -> None:
    """Do now the later() work not done yet (its result, or its error, is kept for when it
    is asked for)."""
    while _waiting:
        job = _waiting.pop(0)()
        if job is not None:
            job.run()


class Job(Generic[T]):
    """One piece of work; `result()` waits for it and re-raises its error."""

    def __init__(self, work: Callable[[], T], parallel: bool) -> None:
        self._work: Callable[[], T] | None = work
        self._answer: tuple[bool, object] | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        if parallel:
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_run, args=(work, sender, os.getpid()), daemon=True
            )
            self._process.start()
            sender.close()
            self._connection = receiver

    def cancel(self) -> None:
        """Stop the work, unless its result was taken; a cancelled job has no result."""
        self._stop()
        if self._answer is None:
            self._answer = (False, RuntimeError("the background work was cancelled"))

    def result(self) -> T:
        if self._answer is None:
            self._answer = self._receive() if self._connection else (True, self._call())
        ok, value = self._answer
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def run(self) -> None:
        """Do the work of a job that runs in this process now, keeping its result or its
        error for result()."""
        if self._answer is None and self._connection is None and self._work is not None:
            try:
                self._answer = (True, self._call())
            except Exception as exc:  # noqa: BLE001 - result() raises it where it is wanted
                self._answer = (False, exc)

    def _call(self) -> T:
        assert self._work is not None
        work, self._work = self._work, None  # what the work holds is not kept after it
        return work()

    def _receive(self) -> tuple[bool, object]:
        assert self._connection is not None
        try:
            answer: tuple[bool, object] = self._connection.recv()
        except EOFError:
            answer = (False, RuntimeError("the background process ended without an answer"))
        self._stop()
        return answer

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = None
        self._connection = None
        self._work = None


def _die_with(parent: int) -> None:
    """Linux: end this process when the parent ends (a killed build leaves no worker behind)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _run(work: Callable[[], object], sender: Connection, parent: int) -> None:
    _die_with(parent)
    try:
        sender.send((True, work()))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        try:
            sender.send((False, exc))
        except Exception:  # an exception that does not pickle: send its text
            sender.send((False, RuntimeError(traceback.format_exc())))
    finally:
        sender.close()
