"""The .doc reader: LibreOffice converts, the .docx reader reads. Without LibreOffice the file
is refused in one line (always tested); the conversion's plumbing (profile, timeout, clean-up,
names) is tested with a stand-in for soffice, and the real conversion where LibreOffice is
installed (tests/test_formats.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from roadmap_kg.cli import cli
from roadmap_kg.errors import InputError
from roadmap_kg.model import SourceRef
from roadmap_kg.read import doc as doc_reader
from roadmap_kg.read import read_source

from conftest import FIXTURES, SEED
from docx_twin import write_docx_twin

SEED_DOC = FIXTURES / "formats" / "seed.doc"
SCRIPT = Path(sys.executable).parent / "roadmap-kg"
MESSAGE = (
    "reading .doc needs LibreOffice (apt-get install libreoffice-writer-nogui), or save it as .docx"
)


@pytest.fixture
def without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: None)


@pytest.mark.usefixtures("without_libreoffice")
def test_without_libreoffice_a_doc_is_refused_saying_what_to_do() -> None:
    with pytest.raises(InputError) as error:
        read_source(SEED_DOC)
    assert str(error.value) == f"seed.doc: {MESSAGE}"


@pytest.mark.usefixtures("without_libreoffice")
def test_without_libreoffice_build_exits_2_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(SEED_DOC), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: seed.doc: {MESSAGE}"]
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_the_installed_command_without_soffice_on_the_path(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    run = subprocess.run(
        [str(SCRIPT), "build", str(SEED_DOC), "--out", str(tmp_path / "out")],
        env={**os.environ, "PATH": str(empty)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"error: seed.doc: {MESSAGE}"]


def test_an_ole_file_that_is_no_word_document_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"))
    with pytest.raises(InputError, match=r"^report.doc: an OLE file that is no Word document"):
        read_source(path)


# --- the conversion, with a stand-in for soffice ---------------------------------------------


def fake_soffice(tmp_path: Path, behaviour: str) -> str:
    """An executable that answers like soffice: 'convert' writes the .docx twin of the seed
    where soffice would, 'fail' writes nothing and says so, 'hang' sleeps (its pid in a file)."""
    twin = tmp_path / "twin.docx"
    write_docx_twin(SEED, twin)
    script = tmp_path / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, shutil, sys, time\n"
        "args = sys.argv[1:]\n"
        f"open({str(tmp_path / 'args')!r}, 'w').write('\\n'.join(args))\n"
        f"behaviour = {behaviour!r}\n"
        "if behaviour == 'convert':\n"
        "    out = args[args.index('--outdir') + 1]\n"
        "    os.makedirs(out, exist_ok=True)\n"
        "    name = os.path.splitext(os.path.basename(args[-1]))[0] + '.docx'\n"
        f"    shutil.copy({str(twin)!r}, os.path.join(out, name))\n"
        "elif behaviour == 'fail':\n"
        "    print('Error: source file could not be loaded')\n"
        "else:\n"
        f"    open({str(tmp_path / 'pid')!r}, 'w').write(str(os.getpid()))\n"
        "    time.sleep(60)\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folders of the conversion, where the test can see them go."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_converted_doc_keeps_its_own_name_and_leaves_nothing_behind(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = fake_soffice(tmp_path, "convert")
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: soffice)
    source = tmp_path / "-отчёт 2021.doc"  # a name soffice must not take for an option
    source.write_bytes(SEED_DOC.read_bytes())
    table = read_source(source)
    assert table.file == source.name
    assert table.title_source.file == source.name
    assert {r.source.file for r in (table.header, *table.rows)} == {source.name}
    assert table.rows[1].source == SourceRef(source.name, 3, 3, "row")
    args = (tmp_path / "args").read_text(encoding="utf-8").splitlines()
    assert args[0].startswith(f"-env:UserInstallation=file://{private_tmp}/")
    assert "--headless" in args
    assert args[-1].startswith(str(private_tmp))
    assert list(private_tmp.iterdir()) == []


def test_a_failed_conversion_is_one_line_and_leaves_nothing_behind(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = fake_soffice(tmp_path, "fail")
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: soffice)
    with pytest.raises(InputError) as error:
        read_source(SEED_DOC)
    assert str(error.value) == (
        "seed.doc: LibreOffice could not convert it to .docx "
        "(Error: source file could not be loaded)"
    )
    assert list(private_tmp.iterdir()) == []


@pytest.mark.slow
def test_a_conversion_that_hangs_is_stopped_and_leaves_nothing_behind(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    soffice = fake_soffice(tmp_path, "hang")
    monkeypatch.setattr(doc_reader, "find_soffice", lambda: soffice)
    monkeypatch.setattr(doc_reader, "CONVERSION_TIMEOUT", 2)
    # the timeout's own message: a conversion waited out (the fake sleeps 60 s, then exits
    # with no output) would end in another one; no clock is read, a loaded machine passes
    with pytest.raises(InputError, match=r"^seed.doc: LibreOffice did not convert it within 2 s$"):
        read_source(SEED_DOC)
    pid = int((tmp_path / "pid").read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed, and reaped
    assert list(private_tmp.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(doc_reader.find_soffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_seed_and_its_folder_is_removed(private_tmp: Path) -> None:
    table = read_source(SEED_DOC)
    assert (table.file, len(table.rows), table.rows[1].cells[0]) == ("seed.doc", 61, "7.2")
    assert list(private_tmp.iterdir()) == []
