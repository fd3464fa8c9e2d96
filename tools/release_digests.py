"""Digests of the releases of the seed, every fixture report and a generated corpus: the net
under refactoring. A change meant to keep output byte-identical must leave this file unchanged.

    python tools/release_digests.py                 # print the digests
    python tools/release_digests.py --write         # rewrite tests/expected/release-digests.tsv
    python tools/release_digests.py --check         # compare; name every file that changed

Each line is `case<TAB>file<TAB>sha256`. A case is one build: one fixture report alone (with its
pages), all family reports together (cross-links between reports), a build with another
publisher's dataset linked, and 10 generated reports without pages (bench/generate.py).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DIGESTS = ROOT / "tests" / "expected" / "release-digests.tsv"
REPORT_SUFFIXES = {".txt", ".docx", ".doc", ".odt", ".pdf", ".xlsx"}


def cases() -> dict[str, list[str]]:
    """Each case's arguments to `roadmap-kg build` (without --out)."""
    found: dict[str, list[str]] = {
        "seed": [str(p) for p in sorted((ROOT / "data/source").iterdir())]
    }
    for folder in ("family", "heldout", "abroad", "reports", "small", "formats"):
        for path in sorted((FIXTURES / folder).iterdir()):
            if path.suffix in REPORT_SUFFIXES and not path.name.startswith("."):
                found[f"{folder}/{path.name}"] = [str(path)]
    together = [
        str(p)
        for folder in ("family", "heldout", "abroad", "reports")
        for p in sorted((FIXTURES / folder).iterdir())
        if p.suffix in REPORT_SUFFIXES
    ]
    found["all-together"] = together
    found["linked"] = [
        str(FIXTURES / "link" / "smolensk-2022-variants.txt"),
        *found["seed"],
        "--link-with",
        str(FIXTURES / "link" / "other-publisher.ttl"),
    ]
    return found


def _build(arguments: list[str], out: Path) -> None:
    command = [str(Path(sys.executable).parent / "roadmap-kg"), "build", *arguments]
    done = subprocess.run([*command, "--out", str(out), "-q"], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(arguments)}: exit {done.returncode}\n{done.stderr}")


def _published(out: Path, path: Path) -> bool:
    """Not the build cache a release keeps for the next build over it (.build/)."""
    return path.relative_to(out).parts[0] != ".build"


def digests() -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        runs = dict(cases())
        corpus = work / "corpus"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "10", str(corpus)], check=True
        )
        runs["generated-10"] = [*(str(p) for p in sorted(corpus.glob("*.txt"))), "--no-pages"]
        for number, (case, arguments) in enumerate(runs.items()):
            out = work / f"out{number}"
            _build(arguments, out)
            for path in sorted(p for p in out.rglob("*") if p.is_file() and _published(out, p)):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                lines.append(f"{case}\t{path.relative_to(out).as_posix()}\t{digest}")
    return lines


def main(argv: list[str]) -> int:
    lines = digests()
    if "--write" in argv:
        DIGESTS.parent.mkdir(parents=True, exist_ok=True)
        DIGESTS.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    elif "--check" in argv:
        old = {tuple(line.split("\t")[:2]): line for line in DIGESTS.read_text().splitlines()}
        new = {tuple(line.split("\t")[:2]): line for line in lines}
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        for case, file in changed:
            state = (
                "added"
                if (case, file) not in old
                else "removed"
                if (case, file) not in new
                else "changed"
            )
            print(f"{state}\t{case}\t{file}")
        return 1 if changed else 0
    else:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
