"""How much memory a build with pages needs, and whether two processes fit in what it may use.

A build with pages shares the pages between two processes by default (`--jobs 2`): the
second is a fresh interpreter that holds its own copy of the site's look-ups, loaded from
the build's process (README, *Memory*). At 50,000 events all processes together peak at
about 1.4 GiB of PSS that way, and at 1.0 GiB when one process writes everything (`--jobs
1`), in 1.6 times the time. A machine, or a container, with less memory than two processes
need would swap or kill the build; so a build writes the pages with one process when two
would not fit in the memory it may use (`--memory`, else what the system has available),
and says so.

The estimates are linear in the release's triples, fitted to `make bench` (60 and 1,000
generated reports, 84,642 and 1,334,441 distinct triples): all processes' PSS peaked at
221 and 1,421 MiB with two processes, at 173 and 1,062 MiB with one (2026-12-08, after the
page child became a fresh interpreter; 230 and 1,668 MiB with two while it was forked).
They are what a build measured, not a bound: a release of other proportions (longer texts,
more links per event) needs more or less; `make bench` prints the estimate beside the
measure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# MiB of all processes' peak PSS with pages: a base, and KiB per triple (see above)
_TWO = (140, 0.98)
_ONE = (113, 0.73)

MEMINFO = Path("/proc/meminfo")
# cgroup v2's limit of the build's group and what the group uses (a container's memory)
CGROUP = Path("/sys/fs/cgroup")


def needed(triples: int, processes: int) -> int:
    """MiB that all processes of a build with pages are estimated to peak at: one's, and for
    each more process what the second added (each holds its own copy of what it reads)."""
    one, two = (base + per_triple * triples / 1024 for base, per_triple in (_ONE, _TWO))
    return round(one + (processes - 1) * (two - one))


def available(meminfo: Path = MEMINFO, cgroup: Path = CGROUP) -> int | None:
    """MiB the system says a new process may take without swapping: MemAvailable, or less
    when the build's cgroup (a container) is limited to less; None where neither is known."""
    found = []
    try:
        for line in meminfo.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) // 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = (cgroup / "memory.max").read_text(encoding="ascii").strip()
        if limit != "max":
            used = int((cgroup / "memory.current").read_text(encoding="ascii"))
            found.append(max(0, int(limit) - used) >> 20)
    except (OSError, ValueError):
        pass
    return min(found) if found else None


@dataclass(frozen=True, slots=True)
class Choice:
    """How many processes write the pages, and why fewer than allowed (None: as allowed)."""

    processes: int
    why: str | None = None


def page_processes(triples: int, allowed: int, budget: int | None) -> Choice:
    """The most processes, up to `allowed`, whose estimated need fits in `budget` MiB (None:
    no budget known, as many as allowed); one, which needs the least, when none fits."""
    if allowed < 2 or budget is None or needed(triples, allowed) <= budget:
        return Choice(allowed)
    fitting = max((n for n in range(1, allowed) if needed(triples, n) <= budget), default=1)
    one = needed(triples, 1)
    short = "" if one <= budget else f" (one needs about {one} MiB)"
    return Choice(
        fitting,
        f"pages written by {fitting} process(es), not {allowed}: {allowed} would need about "
        f"{needed(triples, allowed)} MiB for {triples} triples, and {budget} MiB may be "
        f"used{short}",
    )


def budget(given: int | None) -> int | None:
    """The MiB a build may use: as given (--memory), else what the system has available."""
    return given if given is not None else available()
