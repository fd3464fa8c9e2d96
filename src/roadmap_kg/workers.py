"""Background work: the one tool every stage that works in parallel uses.

This machine has two cores, and several parts of a build do not depend on each other
(validation and writing, Turtle and TriG, the pages). A stage says *what*
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
(`workers.share(items, work)`): each process takes the next chunk when done with its last
(the children from the start of the items, the calling process from their end), and the
calling process first does the `later()` work still waiting, which it would do anyway.
`workers.share_out(...)` starts the children only, and the calling process joins them at
`.finish()`, after other work of its own (the pages' children write while it writes the data).

Memory: a forked child shares the parent's pages only until either of them writes to one, and
CPython writes to every object it merely looks at (reference counts): a child that reads the
parent's millions of triples, or runs while the parent makes new ones, copies them, and all
processes together hold twice the memory. Work whose input is a file or a few values is
started `fresh` instead, in a new interpreter that shares nothing with this one (0.2 s to
start, 40 MiB); so is work that runs beside the parent for long (the pages' children,
`share_out(..., fresh=True)`), given its input pickled, however large: it holds that and
what it makes, and nothing the parent does after.

How many processes share a build's work is set once, for the whole build (`at_most(n)`, the
build's --jobs): every `Workers` in the block takes it, shared work is shared out between n
processes, and with 1 every job runs in the calling process, which forks no child and starts
no interpreter (the least memory: nothing is copied into a second process).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import gc
import importlib
import multiprocessing
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile
import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# processes that may share the work of a block at once, this one included (at_most)
PROCESSES = 2
_processes = PROCESSES


@contextlib.contextmanager
def at_most(processes: int) -> Iterator[None]:
    """Within the block, work is shared between at most `processes` processes (this one
    included; 1: every job runs in this process when its result is asked for)."""
    global _processes
    if processes < 1:
        raise ValueError(f"at least one process, not {processes}")
    before, _processes = _processes, processes
    try:
        yield
    finally:
        _processes = before


def allowed() -> int:
    """How many processes may share the work now (at_most)."""
    return _processes


class Workers:
    """Jobs started in forked children or fresh interpreters, all ended when the block is
    left. `fresh=n` starts n fresh interpreters as the block begins, so that fresh jobs
    started later in it find them ready (their start-up is then off the caller's path), and
    `preload` names a module each fresh interpreter imports as it starts, before it is
    given its work, and a function of it to call ("module:function"): the work's own
    modules and what they would make first, for work given a large input."""

    def __init__(self, parallel: bool = True, fresh: int = 0, preload: str = "") -> None:
        self.parallel = (
            parallel and _processes > 1 and "fork" in multiprocessing.get_all_start_methods()
        )
        self._jobs: list[Job[object]] = []
        self._preload = preload
        self._ready = [_Fresh(preload) for _ in range(fresh if self.parallel else 0)]
        self._shared: list[Shared[Any, Any]] = []  # their files removed as the block ends

    def start(self, work: Callable[[], T], fresh: bool = False) -> Job[T]:
        """work in a forked child; with fresh, in a new interpreter (work and its result then
        travel pickled: a module's function and its arguments, streamed to the child, which
        loads them as they come while this process waits: a page child's input at 50,000
        events, 1.65 s. A forked child pickling it instead, while this process went on, held
        a copy of what this process wrote meanwhile: all processes peaked 300 MiB higher)."""
        worker: _Forked | _Fresh | None = None
        if self.parallel and fresh:
            worker = self._ready.pop() if self._ready else _Fresh(self._preload)
            try:
                worker.give(os.getpid(), work)
            except BaseException:  # work that does not pickle, say: the child is not wanted
                worker.stop()
                raise
        elif self.parallel:
            worker = _Forked(work)
        job: Job[T] = Job(work, worker)
        self._jobs.append(job)  # type: ignore[arg-type]
        return job

    def share(
        self, items: Sequence[T], work: Callable[[Sequence[T]], R], processes: int, chunk: int
    ) -> list[R]:
        """work() over items a chunk at a time, in this process and processes - 1 forked
        children (fewer where at_most allows fewer), each taking the next chunk when done
        with its last (a process slowed by other work takes fewer); this process first does
        the later() work still waiting rather than wait for the children at the end. The
        results in the order of the chunks, whichever process made them."""
        return self.share_out(items, work, processes, chunk).finish()

    def share_out(
        self,
        items: Sequence[T],
        work: Callable[[Sequence[T]], R],
        processes: int,
        chunk: int,
        fresh: bool = False,
    ) -> Shared[T, R]:
        """share() begun: the processes - 1 children start taking chunks now, and this
        process joins them at finish(), doing other work in between (the children see
        nothing it does: forked before it, or fresh). Without parallelism, nothing starts
        before finish(). fresh: the children are new interpreters, given the items and the
        work pickled (Shared)."""
        shared = Shared(items, work, chunk)
        processes = min(processes, _processes)
        if self.parallel and processes >= 2 and len(shared.starts) >= 2:
            shared.start(self, processes - 1, fresh)
            self._shared.append(shared)
        return shared

    def cancel(self) -> None:
        """End every job whose result was not taken (their answers are not wanted), and the
        fresh interpreters no job took."""
        for job in self._jobs:
            job.cancel()
        for idle in self._ready:
            idle.stop()
        for shared in self._shared:
            shared.close()
        self._jobs.clear()
        self._ready.clear()
        self._shared.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.cancel()


class Shared(Generic[T, R]):
    """Work over items being shared out a chunk at a time (Workers.share_out): children
    take chunks from the start of the items, and this process, in finish(), from the end,
    until they meet (the bounds of what is left are shared: _Left). So the items at either
    end are done by different processes: the pages that list events at the end, by the
    process that makes every row of those lists anyway (site.shared_order).

    Children are forked, or with `fresh` new interpreters, which share no memory with this
    one: each is then given the items and the work pickled (the work's objects decide what
    of them travels: __getstate__), streamed to it as it loads them."""

    def __init__(self, items: Sequence[T], work: Callable[[Sequence[T]], R], chunk: int) -> None:
        self.items = items
        self.work = work
        self.chunk = chunk
        self.starts = range(0, len(items), chunk)
        self._others: list[Job[list[tuple[int, R]]]] | None = None
        self._left: _Left | None = None

    def start(self, workers: Workers, children: int, fresh: bool = False) -> None:
        self._left = _Left(len(self.items))
        work = partial(_take, self.items, self.work, self.chunk, self._left)
        self._others = [workers.start(work, fresh=fresh) for _ in range(children)]

    def finish(self) -> list[R]:
        """This process takes the chunks left (after the later() work still waiting, when
        children share them), then waits for the children: the results in the order of the
        chunks, whichever process made them; an error in any chunk is raised here."""
        if self._others is None or self._left is None:
            return [self.work(self.items[start : start + self.chunk]) for start in self.starts]
        do_later_work()
        try:
            made = _take(self.items, self.work, self.chunk, self._left, from_end=True)
            for job in self._others:
                made.extend(job.result())
        finally:
            self.close()
        return [result for _, result in sorted(made, key=itemgetter(0))]

    def close(self) -> None:
        """Remove the file the children shared (once they are done, or stopped)."""
        if self._left is not None:
            self._left.close()


def _take(
    items: Sequence[T],
    work: Callable[[Sequence[T]], R],
    chunk: int,
    left: _Left,
    from_end: bool = False,
) -> list[tuple[int, R]]:
    """Chunks from the start of what is left (from its end, with from_end) until none is
    left; each with the index of its first item."""
    made: list[tuple[int, R]] = []
    while (taken := left.take(chunk, from_end)) is not None:
        start, stop = taken
        made.append((start, work(items[start:stop])))
    return made


# the first item and the end of those left, as _Left keeps them
_BOUNDS = struct.Struct("qq")


class _Left:
    """What is left of items shared out: the first item and the end, 16 bytes of a file that
    every process sharing them reads and writes under a lock (a forked child and a fresh
    interpreter alike: it is opened by its name). Pickled, it is its name."""

    def __init__(self, count: int) -> None:
        descriptor, self.path = tempfile.mkstemp(prefix="roadmap-kg-left-")
        self._descriptor: int | None = descriptor
        os.pwrite(descriptor, _BOUNDS.pack(0, count), 0)

    def __getstate__(self) -> str:
        return self.path

    def __setstate__(self, path: str) -> None:
        self.path, self._descriptor = path, None

    def take(self, chunk: int, from_end: bool) -> tuple[int, int] | None:
        """The start and stop of the next chunk (from the end, with from_end), now no longer
        left; None when nothing is."""
        if self._descriptor is None:
            self._descriptor = os.open(self.path, os.O_RDWR)
        descriptor = self._descriptor
        fcntl.lockf(descriptor, fcntl.LOCK_EX)
        try:
            first, end = _BOUNDS.unpack(os.pread(descriptor, _BOUNDS.size, 0))
            if first >= end:
                return None
            if from_end:
                start, stop = max(first, end - chunk), end
                end = start
            else:
                start, stop = first, min(end, first + chunk)
                first = stop
            os.pwrite(descriptor, _BOUNDS.pack(first, end), 0)
        finally:
            fcntl.lockf(descriptor, fcntl.LOCK_UN)
        return start, stop

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


def later(work: Callable[[], T]) -> Job[T]:
    """Work done in this process when its result is first asked for, or when the process
    would otherwise wait (do_later_work): for work that would touch much of the parent's
    memory in a forked worker (copying it) and gain little."""
    job = Job(work, None)
    # the list keeps only work still to do: a process that builds again and again without
    # sharing work out (a build without pages, the tests) would otherwise grow it for ever
    _waiting[:] = [ref for ref in _waiting if (held := ref()) is not None and held.waiting]
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

    def __init__(self, work: Callable[[], T], worker: _Forked | _Fresh | None) -> None:
        """worker: the process doing the work, None to do it here when its result is asked."""
        self._work: Callable[[], T] | None = work
        self._answer: tuple[bool, object] | None = None
        self._worker = worker

    def cancel(self) -> None:
        """Stop the work, unless its result was taken; a cancelled job has no result."""
        self._stop()
        if self._answer is None:
            self._answer = (False, RuntimeError("the background work was cancelled"))

    def result(self) -> T:
        if self._answer is None:
            self._answer = self._receive() if self._worker else (True, self._call())
        ok, value = self._answer
        if not ok:
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def take(self) -> T:
        """The result, not kept here after (a large result wanted once: the text of
        events.csv is 54 MiB at 50,000 events)."""
        value = self.result()
        self._answer = (False, RuntimeError("the result was taken"))
        return value

    @property
    def waiting(self) -> bool:
        """Whether the work is still to be done."""
        return self._answer is None and self._work is not None

    def run(self) -> None:
        """Do the work of a job that runs in this process now, keeping its result or its
        error for result()."""
        if self._answer is None and self._worker is None and self._work is not None:
            try:
                self._answer = (True, self._call())
            except Exception as exc:  # noqa: BLE001 - result() raises it where it is wanted
                self._answer = (False, exc)

    def _call(self) -> T:
        assert self._work is not None
        work, self._work = self._work, None  # what the work holds is not kept after it
        return work()

    def _receive(self) -> tuple[bool, object]:
        assert self._worker is not None
        answer = self._worker.receive()
        self._stop()
        return answer

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
        self._worker = None
        self._work = None


_NO_ANSWER = (False, RuntimeError("the background process ended without an answer"))


class _Forked:
    """A forked child running one piece of work; its answer comes back through a pipe,
    pickled as it is read: neither process holds the answer's whole pickle (a page child's
    answer, what each of its pages read and the paths it wrote, is 61.5 MB pickled at 50,000
    events, sent as the build ends, when memory peaks)."""

    def __init__(self, work: Callable[[], object]) -> None:
        context = multiprocessing.get_context("fork")
        readable, writable = os.pipe()
        self._process = context.Process(
            target=_run_forked, args=(work, writable, os.getpid()), daemon=True
        )
        self._process.start()
        os.close(writable)
        self._answers = os.fdopen(readable, "rb")

    def receive(self) -> tuple[bool, object]:
        try:
            answer: tuple[bool, object] = pickle.load(self._answers)
        except (EOFError, pickle.UnpicklingError):  # ended before, or while, answering
            return _NO_ANSWER
        return answer

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._answers.close()


def _run_forked(work: Callable[[], object], writable: int, parent: int) -> None:
    """A forked worker's main: its answer pickled into the pipe as it is made."""
    with os.fdopen(writable, "wb") as answers:
        _run(work, _Answers(answers).send, parent)


class _Answers:
    """A forked worker's end of the pipe. A result is pickled as it is written, so a result
    that fails to pickle part way leaves a broken answer, and nothing more is sent: the
    parent reads none (the traceback goes to standard error). A failure is pickled whole
    first: one that does not pickle writes nothing, and _run sends its text instead."""

    def __init__(self, answers: BinaryIO) -> None:
        self.answers = answers
        self.broken = False

    def send(self, answer: tuple[bool, object]) -> None:
        if self.broken:
            return
        if not answer[0]:
            self.answers.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
            return
        try:
            pickle.dump(answer, self.answers, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            self.broken = True
            traceback.print_exc()
            raise


class _Fresh:
    """A new interpreter, started at once, that runs one piece of work given later, pickled
    on its standard input; its answer comes back pickled on its standard output. Not
    multiprocessing's "spawn", which runs the caller's main module again in the child (a
    script without a `__name__ == "__main__"` guard would build twice)."""

    def __init__(self, preload: str = "") -> None:
        package_root = str(Path(__file__).resolve().parent.parent)
        # the cycle collector as in this process: resting during a build, which makes
        # millions of objects (the page child loads and keeps 3.7 million at 50,000 events)
        bootstrap = (
            f"import sys; sys.path.insert(0, {package_root!r}); "
            f"from roadmap_kg.workers import _serve; _serve({preload!r}, {gc.isenabled()!r})"
        )
        self._process = subprocess.Popen(
            [sys.executable, "-c", bootstrap], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._given = self._process.stdin
        self._answers = self._process.stdout

    def give(self, parent: int, work: Callable[[], object]) -> None:
        """The parent's id and the work, pickled into the child's standard input as they
        are read there (a pickle that fails part way leaves the child a broken one: it ends
        without an answer)."""
        with self._given:
            pickle.dump((parent, work), self._given, protocol=pickle.HIGHEST_PROTOCOL)

    def receive(self) -> tuple[bool, object]:
        data = self._answers.read()
        if not data:
            return _NO_ANSWER
        answer: tuple[bool, object] = pickle.loads(data)
        return answer

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        self._process.wait()
        self._given.close()
        self._answers.close()


def _serve(preload: str = "", collecting: bool = True) -> None:
    """A fresh worker's main: the module its work needs imported first, and a function of
    it called (preload, "module:function"), then the
    work from standard input, its answer to standard output (which the work's own prints
    must not reach: they go to standard error); the cycle collector on or off (collecting)
    as in the parent."""
    if not collecting:
        gc.disable()
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    if preload:
        module, _, function = preload.partition(":")
        loaded = importlib.import_module(module)
        if function:
            getattr(loaded, function)()
    try:
        parent, work = pickle.load(sys.stdin.buffer)
    except EOFError:  # not given any work: the block it was started for has ended
        return
    except Exception:  # a broken pickle (the parent says why: Workers.start), or one this
        traceback.print_exc()  # interpreter cannot load
        return
    with answers:
        _run(work, partial(pickle.dump, file=answers), parent)


def _die_with(parent: int) -> None:
    """Linux: end this process when the parent ends (a killed build leaves no worker behind)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _run(
    work: Callable[[], object], send: Callable[[tuple[bool, object]], None], parent: int
) -> None:
    _die_with(parent)
    try:
        send((True, work()))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        try:
            send((False, exc))
        except Exception:  # an exception that does not pickle: send its text
            send((False, RuntimeError(traceback.format_exc())))
