"""Work in a forked process or a fresh interpreter: its result, or its error, comes back to
the caller."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import pytest

from roadmap_kg.publish.files import ReleaseFiles, staged_release
from roadmap_kg.workers import Job, Workers, later


def _run_one(work):  # type: ignore[no-untyped-def]
    with Workers() as workers:
        return workers.start(work).result()


def test_the_result_comes_from_another_process() -> None:
    parent = os.getpid()
    assert _run_one(os.getpid) != parent
    assert _run_one(lambda: sum(range(10))) == 45


def test_an_error_in_the_work_is_raised_by_result() -> None:
    def fail() -> None:
        raise ValueError("broken shapes")

    with pytest.raises(ValueError, match="broken shapes"):
        _run_one(fail)


def test_leaving_the_block_stops_a_job_whose_result_was_not_taken(tmp_path: Path) -> None:
    """An error in the stage ends its jobs before the caller's cleanup: a job writing into a
    staging folder must not go on writing after the folder is removed."""
    started = tmp_path / "started"

    def write_forever() -> None:
        started.write_text(str(os.getpid()), encoding="utf-8")
        while True:
            time.sleep(0.05)

    jobs: list[Job[None]] = []

    def stage() -> None:
        with Workers() as workers:
            jobs.append(workers.start(write_forever))
            deadline = time.monotonic() + 60  # only fails on a hang
            while not started.exists() or not started.read_text():
                assert time.monotonic() < deadline, "the job never started"
                time.sleep(0.05)
            raise ValueError("stage failed")

    with pytest.raises(ValueError, match="stage failed"):
        stage()
    assert not _alive(int(started.read_text()))
    with pytest.raises(RuntimeError, match="cancelled"):
        jobs[0].result()


def test_a_taken_result_stays_after_the_block() -> None:
    with Workers() as workers:
        job = workers.start(lambda: 7)
        assert job.result() == 7
    assert job.result() == 7


def test_without_parallelism_a_job_runs_in_this_process_when_asked() -> None:
    ran: list[int] = []
    with Workers(parallel=False) as workers:
        job = workers.start(lambda: ran.append(os.getpid()) or len(ran))
        assert ran == []
        assert job.result() == 1
    assert ran == [os.getpid()]


def test_a_fresh_job_runs_in_a_new_interpreter() -> None:
    """Not a fork: the child has none of this process's modules (pytest), so it has none of
    its objects to copy either."""
    with Workers() as workers:
        pid = workers.start(os.getpid, fresh=True)
        has_pytest = workers.start(
            partial(eval, "'pytest' in __import__('sys').modules"), fresh=True
        )
        assert pid.result() != os.getpid()
        assert has_pytest.result() is False
        assert "pytest" in sys.modules


def test_an_error_in_fresh_work_is_raised_by_result() -> None:
    with Workers() as workers:
        job = workers.start(partial(int, "not a number"), fresh=True)
        with pytest.raises(ValueError, match="not a number"):
            job.result()


def test_leaving_the_block_stops_a_fresh_job(tmp_path: Path) -> None:
    started = tmp_path / "started"
    code = (
        "import os, time\n"
        f"open({str(started)!r}, 'w').write(str(os.getpid()))\n"
        "while True: time.sleep(0.05)\n"
    )
    with Workers() as workers:
        job = workers.start(partial(exec, code), fresh=True)
        deadline = time.monotonic() + 60  # only fails on a hang
        while not started.exists() or not started.read_text():
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)
    assert not _alive(int(started.read_text()))
    with pytest.raises(RuntimeError, match="cancelled"):
        job.result()


def test_a_fresh_job_does_not_run_the_callers_script_again(tmp_path: Path) -> None:
    """multiprocessing's spawn imports the main module in the child: a script without a
    `__name__ == "__main__"` guard would run (build) twice."""
    script = tmp_path / "unguarded.py"
    runs = tmp_path / "runs"
    script.write_text(
        "import os\n"
        "from roadmap_kg.workers import Workers\n"
        f"open({str(runs)!r}, 'a').write('ran\\n')\n"
        "with Workers() as workers:\n"
        "    print(workers.start(os.getpid, fresh=True).result() != os.getpid())\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True\n"
    assert runs.read_text(encoding="utf-8") == "ran\n"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_fresh_interpreters_started_with_the_block_serve_its_jobs_and_end_with_it() -> None:
    before = _children()
    with Workers(fresh=2) as workers:
        ready = _children() - before
        assert len(ready) == 2
        pid = workers.start(os.getpid, fresh=True).result()
        assert pid in ready
    assert not _children() - before  # the one no job took is ended too


def _children() -> set[int]:
    me = os.getpid()
    return {int(p) for p in Path(f"/proc/{me}/task/{me}/children").read_text().split()}


def test_a_release_that_is_not_kept_leaves_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "dataset.ttl").write_text("previous\n", encoding="utf-8")

    def write(folder: Path) -> list[Path]:
        (folder / "dataset.ttl").write_text("new\n", encoding="utf-8")
        return [folder / "dataset.ttl"]

    with staged_release(out) as staged:
        write(staged.folder)  # and not committed
    assert (out / "dataset.ttl").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    with staged_release(out) as staged:
        written = staged.commit(write(staged.folder))
    assert list(written) == [out.resolve() / "dataset.ttl"]
    assert (out / "dataset.ttl").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    """A killed build leaves no worker running (Linux: the child asks to die with it)."""
    script = tmp_path / "parent.py"
    pid_file = tmp_path / "child.pid"
    script.write_text(
        "import os, time, sys\n"
        "from roadmap_kg.workers import Job, Workers\n"
        f"def work():\n    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "workers = Workers()\nworkers.start(work)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 60  # only fails on a hang
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the worker never started"
            time.sleep(0.05)
        child = int(pid_file.read_text())
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 60  # only fails on a hang
    while _alive(child):
        assert time.monotonic() < deadline, "the worker outlived its killed parent"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (ended, not yet reaped by init) counts as ended
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


def _chunk_work(items):  # type: ignore[no-untyped-def]
    return (os.getpid(), list(items))


def _chunk_work_once_both_took_one(parent, took, items):  # type: ignore[no-untyped-def]
    """A chunk's work that waits, the first time, until the other process has taken a chunk
    too (else, as the machine's load has it, one process may take every chunk before the
    other asks for one)."""
    mine, other = (took[0], took[1]) if os.getpid() == parent else (took[1], took[0])
    mine.set()
    other.wait(300)  # a guard against a hang, not a measure
    return _chunk_work(items)


def test_shared_work_covers_every_item_once_in_order_whichever_process_made_it() -> None:
    items = list(range(1000))
    fork = multiprocessing.get_context("fork")
    took = (fork.Event(), fork.Event())  # by this process, by the child
    work = partial(_chunk_work_once_both_took_one, os.getpid(), took)
    with Workers() as workers:
        made = workers.share(items, work, processes=2, chunk=7)
    assert [item for _, chunk in made for item in chunk] == items
    # chunks of 7 from either end: the one taken where the processes meet has what is left
    assert sorted(len(chunk) for _, chunk in made) == [6] + [7] * 142
    assert os.getpid() in {pid for pid, _ in made}  # this process takes chunks too
    assert len({pid for pid, _ in made}) == 2  # and the child


def test_children_take_from_the_start_and_this_process_from_the_end() -> None:
    items = list(range(300))
    fork = multiprocessing.get_context("fork")
    took = (fork.Event(), fork.Event())
    work = partial(_chunk_work_once_both_took_one, os.getpid(), took)
    with Workers() as workers:
        made = workers.share(items, work, processes=2, chunk=5)
    here = [pid == os.getpid() for pid, _ in made]
    assert here[0] is False
    assert here[-1] is True
    assert here == sorted(here)  # the child's chunks, then this process's: they met once
    assert [item for _, chunk in made for item in chunk] == items


def test_shared_work_without_parallelism_runs_here() -> None:
    with Workers(parallel=False) as workers:
        made = workers.share(list(range(10)), _chunk_work, processes=2, chunk=4)
    assert made == [(os.getpid(), [0, 1, 2, 3]), (os.getpid(), [4, 5, 6, 7]), (os.getpid(), [8, 9])]


def test_this_process_does_the_later_work_while_the_others_share_the_rest() -> None:
    """The later work runs once, here, before the result is asked for; its error waits for
    result()."""
    done: list[int] = []

    def count() -> int:
        done.append(os.getpid())
        return len(done)

    def fail() -> None:
        raise ValueError("shapes broken")

    counted, failing = later(count), later(fail)
    with Workers() as workers:
        workers.share(list(range(100)), _chunk_work, processes=2, chunk=10)
    assert done == [os.getpid()]
    assert counted.result() == 1
    assert done == [os.getpid()]  # not done again
    with pytest.raises(ValueError, match="shapes broken"):
        failing.result()


def test_an_error_in_shared_work_reaches_the_caller() -> None:
    def work(items):  # type: ignore[no-untyped-def]
        if 50 in items:
            raise ValueError("bad page")
        return len(items)

    with pytest.raises(ValueError, match="bad page"), Workers() as workers:
        workers.share(list(range(100)), work, processes=2, chunk=10)


def test_later_work_no_one_holds_is_not_done() -> None:
    done: list[str] = []
    later(lambda: done.append("dropped"))  # the job is not kept
    kept = later(lambda: done.append("kept"))
    with Workers() as workers:
        workers.share(list(range(40)), _chunk_work, processes=2, chunk=10)
    assert done == ["kept"]
    kept.result()
    assert done == ["kept"]


def test_later_work_done_or_dropped_is_not_kept_waiting() -> None:
    """A process that builds again and again without sharing work out keeps no list of
    every later job it ever made."""
    from roadmap_kg import workers as module

    held = [later(lambda: 1) for _ in range(50)]
    for job in held:
        job.result()
    for _ in range(50):
        later(lambda: 2)  # dropped at once
    last = later(lambda: 3)
    assert [ref() for ref in module._waiting] == [last]


def test_a_result_taken_is_not_kept() -> None:
    text = "x" * 1000
    job = later(lambda: text + "y")
    taken = job.take()
    assert taken == text + "y"
    assert sys.getrefcount(taken) == 2  # this name and getrefcount's argument: none in the job
    with pytest.raises(RuntimeError, match="taken"):
        job.result()


def _wait_for(found, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 60  # only fails on a hang
    while not found():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _marking_work(folder: Path, items):  # type: ignore[no-untyped-def]
    """A chunk's work that leaves a mark naming the process that did it."""
    (folder / f"{items[0]}.{os.getpid()}").write_text("", encoding="utf-8")
    return (os.getpid(), list(items))


def test_work_shared_out_goes_on_while_this_process_does_its_own(tmp_path: Path) -> None:
    """The children take chunks from share_out on; this process joins them at finish(),
    doing the later() work first: every item once, in order."""
    items = list(range(500))
    done: list[int] = []
    waiting = later(lambda: done.append(os.getpid()))
    with Workers() as workers:
        shared = workers.share_out(items, partial(_marking_work, tmp_path), processes=2, chunk=5)
        # the gap: a child writes pages while this process does other work
        _wait_for(
            lambda: any(not p.name.endswith(f".{os.getpid()}") for p in tmp_path.iterdir()),
            "no child took a chunk before finish()",
        )
        assert done == []  # the later work waits for finish()
        assert waiting.waiting
        made = shared.finish()
    assert [item for _, chunk in made for item in chunk] == items
    assert [len(chunk) for _, chunk in made] == [5] * 100
    assert done == [os.getpid()]
    assert len(list(tmp_path.iterdir())) == 100  # each chunk done once
    assert multiprocessing.active_children() == []


def test_work_shared_out_without_parallelism_is_done_at_finish() -> None:
    done: list[int] = []

    def work(items):  # type: ignore[no-untyped-def]
        done.extend(items)
        return (os.getpid(), list(items))

    with Workers(parallel=False) as workers:
        shared = workers.share_out(list(range(10)), work, processes=2, chunk=4)
        assert done == []
        made = shared.finish()
    assert made == [(os.getpid(), [0, 1, 2, 3]), (os.getpid(), [4, 5, 6, 7]), (os.getpid(), [8, 9])]


def _endless_work(folder: Path, items):  # type: ignore[no-untyped-def]
    (folder / str(os.getpid())).write_text("", encoding="utf-8")
    while True:
        time.sleep(0.05)


def test_an_error_while_work_is_shared_out_stops_the_children(tmp_path: Path) -> None:
    """An error in this process's own work between share_out and finish (the data files)
    ends the children as the block is left: none goes on writing into a folder the caller's
    cleanup removes."""
    children: list[int] = []

    def stage() -> None:
        with Workers() as workers:
            workers.share_out(list(range(100)), partial(_endless_work, tmp_path), 2, 10)
            _wait_for(lambda: any(tmp_path.iterdir()), "the child never started")
            children.extend(int(p.name) for p in tmp_path.iterdir())
            raise ValueError("disk full")

    with pytest.raises(ValueError, match="disk full"):
        stage()
    assert children
    assert os.getpid() not in children
    assert not [pid for pid in children if _alive(pid)]
    assert multiprocessing.active_children() == []


def test_an_error_in_a_childs_chunk_is_raised_by_finish(tmp_path: Path) -> None:
    parent = os.getpid()

    def work(items):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            (tmp_path / "failed").write_text("", encoding="utf-8")
            raise ValueError("bad page")
        return len(items)

    with Workers() as workers:
        shared = workers.share_out(list(range(100)), work, processes=2, chunk=10)
        _wait_for((tmp_path / "failed").exists, "the child took no chunk")
        with pytest.raises(ValueError, match="bad page"):
            shared.finish()
    assert multiprocessing.active_children() == []


def test_the_files_of_a_release_are_paths_made_from_their_text(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    texts = [f"{out}/.htaccess", f"{out}/dataset.ttl", f"{out}/site/id/x/index.html"]
    files = ReleaseFiles(texts)
    assert list(files) == [Path(text) for text in texts]
    assert files[2] == out / "site" / "id" / "x" / "index.html"
    assert list(files[1:]) == [Path(text) for text in texts[1:]]
    assert len(files) == 3
    assert files.top() == [out / ".htaccess", out / "dataset.ttl"]
    assert not ReleaseFiles()
    assert ReleaseFiles().top() == []


def _unpicklable_error() -> None:
    raise ValueError(lambda: None)  # an argument pickle cannot write


def test_an_error_that_does_not_pickle_reaches_the_caller_as_its_text() -> None:
    with Workers() as workers:
        job = workers.start(_unpicklable_error)
        with pytest.raises(RuntimeError, match="ValueError"):
            job.result()


def _large() -> list[tuple[str, ...]]:
    return [(f"https://example.org/{n}", "x" * 40, str(n)) for n in range(200_000)]


def test_a_large_result_comes_back_whole_through_the_pipe() -> None:
    """An answer is pickled into the pipe as it is made and read as it comes (frame by
    frame), many times the pipe's size."""
    with Workers() as workers:
        assert workers.start(_large).result() == _large()


def _unpicklable_result() -> list[object]:
    return [*range(100_000), lambda: None]


def test_a_result_that_fails_to_pickle_part_way_gives_no_answer() -> None:
    with Workers() as workers:
        job = workers.start(_unpicklable_result)
        with pytest.raises(RuntimeError, match="without an answer"):
            job.result()


_FRESH_WORK = '''
import os, sys, time
from pathlib import Path

def work(marks, items):
    """A chunk's work that tells whether it ran in a fresh interpreter (one without pytest);
    in this process it first waits until a child has taken a chunk too."""
    fresh = "pytest" not in sys.modules
    if fresh:
        (Path(marks) / str(os.getpid())).write_text("", encoding="utf-8")
    else:
        deadline = time.monotonic() + 120  # a guard against a hang, not a measure
        while not any(Path(marks).iterdir()):
            assert time.monotonic() < deadline, "no child took a chunk"
            time.sleep(0.01)
    return os.getpid(), fresh, list(items)

def ready():
    """What a fresh interpreter preloaded with it does before it is given its work."""
    Path(os.environ["FRESH_READY"]).write_text(str(os.getpid()), encoding="utf-8")

def failing(marks, items):
    """work() that fails in a fresh child."""
    if "pytest" not in sys.modules:
        (Path(marks) / str(os.getpid())).write_text("", encoding="utf-8")
        raise ValueError("bad page")
    return work(marks, items)
'''


@pytest.fixture
def fresh_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A work function a fresh interpreter can import (its module on PYTHONPATH), and the
    folder the shared files are made in (tempfile's)."""
    (tmp_path / "fresh_work.py").write_text(_FRESH_WORK, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    shared_files = tmp_path / "tmp"
    shared_files.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared_files))
    marks = tmp_path / "marks"
    marks.mkdir()
    module = __import__("fresh_work")
    return partial(module.work, str(marks)), shared_files, partial(module.failing, str(marks))


def test_work_shared_out_to_fresh_interpreters_covers_every_item_once(fresh_work) -> None:  # type: ignore[no-untyped-def]
    """The children are new interpreters, given the items and the work pickled; the bounds
    of what is left are shared through a file, which does not stay."""
    work, shared_files, _ = fresh_work
    items = list(range(600))
    with Workers() as workers:
        shared = workers.share_out(items, work, processes=2, chunk=3, fresh=True)
        assert len(list(shared_files.iterdir())) == 1  # the bounds of what is left
        made = shared.finish()
        assert not list(shared_files.iterdir())
    assert [item for _, _, chunk in made for item in chunk] == items
    assert [len(chunk) for _, _, chunk in made] == [3] * 200
    children = {pid for pid, fresh, _ in made if fresh}
    assert children
    assert os.getpid() not in children
    assert {pid for pid, fresh, _ in made if not fresh} == {os.getpid()}
    assert multiprocessing.active_children() == []


def test_leaving_the_block_removes_what_fresh_children_shared(fresh_work) -> None:  # type: ignore[no-untyped-def]
    work, shared_files, _ = fresh_work
    seen: list[Path] = []

    def stage() -> None:
        with Workers() as workers:
            workers.share_out(list(range(100)), work, processes=2, chunk=10, fresh=True)
            seen.extend(shared_files.iterdir())
            raise ValueError("disk full")

    with pytest.raises(ValueError, match="disk full"):
        stage()
    assert len(seen) == 1
    assert not list(shared_files.iterdir())
    assert multiprocessing.active_children() == []


def test_an_error_in_a_fresh_childs_chunk_is_raised_by_finish(fresh_work) -> None:  # type: ignore[no-untyped-def]
    _, shared_files, failing = fresh_work
    with Workers() as workers:
        shared = workers.share_out(list(range(100)), failing, processes=2, chunk=10, fresh=True)
        with pytest.raises(ValueError, match="bad page"):
            shared.finish()
    assert not list(shared_files.iterdir())
    assert multiprocessing.active_children() == []


def test_a_fresh_interpreter_calls_what_it_preloads_before_its_work(
    fresh_work, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    ready = tmp_path / "ready"
    monkeypatch.setenv("FRESH_READY", str(ready))
    with Workers(fresh=1, preload="fresh_work:ready") as workers:
        job = workers.start(partial(eval, "__import__('os').getpid()"), fresh=True)
        pid = job.result()
    assert ready.read_text(encoding="utf-8") == str(pid)
    assert pid != os.getpid()
