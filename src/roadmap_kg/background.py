"""Work done in a forked process while the parent does something else (this machine has two
cores, and validation and writing do not depend on each other). Where fork is unavailable, the
work runs in the calling process when its result is asked for."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """Start `work()` now in a forked child; `result()` waits for it (re-raising its error)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._process = None
        self._connection: Connection | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_run, args=(work, sender, os.getpid()), daemon=True
            )
            self._process.start()
            sender.close()
            self._connection = receiver

    def cancel(self) -> None:
        """Stop the work (its result is not wanted)."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
        if self._connection is not None:
            self._connection.close()
        self._process = None
        self._connection = None
        self._work = _cancelled

    def result(self) -> T:
        if self._process is None or self._connection is None:
            return self._work()
        try:
            ok, value = self._connection.recv()
        except EOFError:
            raise RuntimeError("the background process ended without an answer") from None
        finally:
            self._connection.close()
            self._process.join()
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]


def _cancelled() -> T:  # type: ignore[type-var]
    raise RuntimeError("the background work was cancelled")


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
