"""Hostile writes (issue 15): writing never replaces a special file with a regular one, and
leaves no temporary file behind, even when the command is stopped half-way.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import _atomic
from tests.hostile.test_files_and_cli import CAR, MARKDOWN, finishes, needs_posix
from tests.test_cli import one_error_line as error_line
from tests.test_cli import run

# -- 8. writing never replaces what is not a regular file --------------------------------


def test_a_link_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real.name)
    jk.dump(jk.Journey(title="T"), link, format="yaml")
    assert link.is_symlink()
    assert jk.load(real, format="yaml").title == "T"
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to("made.yaml")
    jk.dump(jk.Journey(title="U"), dangling)
    assert dangling.is_symlink()
    assert jk.load(tmp_path / "made.yaml").title == "U"


def test_a_fifo_is_written_through_or_refused_without_a_reader(
    fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = finishes(lambda: run(capsys, "render", CAR, "-o", fifo))
    assert code == 2
    assert error_line(err).endswith("map.yaml: cannot write: no program is reading from this FIFO")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the map fits in the pipe's buffer
    try:
        assert finishes(lambda: run(capsys, "render", CAR, "-o", fifo)) == (0, "", "")
        assert os.read(reader, 1 << 20) == MARKDOWN
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A character device to write to: a copy of /dev/null as root (who could replace the
    real one if writing broke), else /dev/null itself (which no one else can replace)."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    copy = tmp_path / "null"
    os.mknod(copy, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return copy


@needs_posix
def test_a_character_device_is_written_through(
    null_device: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands: list[list[str | Path]] = [
        ["render", CAR],
        ["convert", CAR, "--to", "json"],
        ["analyze", CAR],
    ]
    for argv in commands:
        assert run(capsys, *argv, "-o", null_device) == (0, "", "")
        assert stat.S_ISCHR(null_device.stat().st_mode)
    code, _, err = run(capsys, "convert", CAR, "-o", null_device)  # no ending to go by
    assert code == 2
    assert error_line(err) == "say which format to write: --to yaml|json|mermaid, or -o FILE"


@needs_posix
def test_dev_stdout_and_descriptors_are_written_to(tmp_path: Path) -> None:
    assert _atomic.writes_through("/dev/stdout")  # never replaced: it names descriptor 1
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "render", str(CAR), "-o", "/dev/stdout"],
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout == MARKDOWN
    assert os.path.islink("/dev/stdout") or not os.path.isfile("/dev/stdout")
    read, write = os.pipe()
    try:
        _atomic.write_atomic(f"/dev/fd/{write}", "through the pipe")
        assert os.read(read, 100) == b"through the pipe"
    finally:
        os.close(read)
        os.close(write)


# -- 13. no temporary file left behind --------------------------------------------------

STOPPED_WRITE = """
import os, sys, time
import journeykit.cli as cli

def slow(handle):
    print("writing", flush=True)
    time.sleep(30)

os.fsync = slow
sys.exit(cli.main(["render", sys.argv[1], "-o", sys.argv[2]]))
"""


@needs_posix
def test_sigterm_in_the_middle_of_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "map.md"
    target.write_text("precious")
    process = subprocess.Popen(
        [sys.executable, "-c", STOPPED_WRITE, str(CAR), str(target)], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"writing\n"
    assert len(list(tmp_path.iterdir())) == 2  # the temporary file is there
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 128 + signal.SIGTERM
    process.stdout.close()
    assert [p.name for p in tmp_path.iterdir()] == ["map.md"]
    assert target.read_text() == "precious"


def test_stale_temporary_files_are_removed_on_the_next_write(tmp_path: Path) -> None:
    old = tmp_path / ".other.yaml.k3j9x_2a.tmp"  # a write of another file, killed
    young = tmp_path / ".map.yaml.abcdefgh.tmp"  # maybe a write still running
    theirs = tmp_path / ".notes.txt.tmp"  # not our naming
    for path in (old, young, theirs):
        path.write_text("half")
    past = time.time() - _atomic.STALE_SECONDS - 60
    os.utime(old, (past, past))
    os.utime(theirs, (past, past))
    jk.dump(jk.Journey(title="T"), tmp_path / "map.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [young.name, theirs.name, "map.yaml"]
    )
