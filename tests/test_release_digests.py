"""The releases of the seed, every fixture report and a generated corpus are the files they
were: a change meant to keep output byte-identical (a refactor) must keep every digest in
tests/expected/release-digests.tsv. A deliberate change to output is recorded with
`python tools/release_digests.py --write`, and the diff of that file shows which files it
changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "release_digests.py"


@pytest.mark.slow
def test_every_release_file_is_the_one_recorded() -> None:
    done = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, "release files changed (state, case, file):\n" + done.stdout
    assert done.stdout == ""
