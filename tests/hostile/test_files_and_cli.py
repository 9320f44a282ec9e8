"""Hostile files and command lines (issue 15): each reproducer of a defect, kept as a test.

Reading refuses what is not a regular file before opening it, and anything past
the limits of a journey file in bounded time; writing never replaces a special
file with a regular one; the command line prints no raw control character and
no traceback, and cleans up when it is stopped.
"""

from __future__ import annotations

import io
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import journeykit as jk
from journeykit import cli
from journeykit.formats import files
from journeykit.formats._convert import check_data, check_least_values
from tests.conftest import ROOT
from tests.strategies import journeys
from tests.test_cli import one_error_line as error_line
from tests.test_cli import run

CAR = ROOT / "examples" / "car-purchase.yaml"
MARKDOWN = str(jk.render(jk.load(CAR), "markdown")).encode("utf-8")
HEAD = "journeykit: 1\ntitle: T\n"
#: Every refusal of a file under the size limit takes less than this (seconds of
#: this process's CPU time, which a busy neighbour on a shared CI machine does not inflate).
FAST = 2.0

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")


def finishes(call: Callable[[], Any], seconds: float = 5.0, unblock: Path | None = None) -> Any:
    """Run ``call`` in a thread; fail (instead of hanging) when it does not end in time.

    ``unblock`` is a FIFO to open for writing if the call hangs, so that the
    thread ends too.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if unblock is not None:
            os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still running after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def refused_fast(error: type[Exception], text: str, **options: Any) -> Any:
    """The error ``loads`` raises for ``text``, checking that it took less than :data:`FAST`."""
    started = time.process_time()
    with pytest.raises(error) as caught:
        jk.loads(text, **options)
    assert time.process_time() - started < FAST
    return caught.value


# -- 1. reading only regular files ----------------------------------------------------


def test_a_fifo_is_refused_at_once_by_load_and_by_the_command(
    fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(jk.FormatError, match=r"map\.yaml: is a FIFO \(named pipe\), not a regular"):
        finishes(lambda: jk.load(fifo), unblock=fifo)
    code, _, err = finishes(lambda: run(capsys, "render", fifo), unblock=fifo)
    assert code == 2
    assert "is a FIFO (named pipe), not a regular file" in error_line(err)


@needs_posix
def test_a_device_behind_a_link_and_a_folder_are_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(jk.FormatError, match=r"zero\.yaml: is a character device, not a regular"):
        finishes(lambda: jk.load(zero))
    folder = tmp_path / "folder.json"
    folder.mkdir()
    with pytest.raises(jk.FormatError, match=r"folder\.json: is a folder, not a file"):
        jk.load(folder)


# -- 6. standard input ------------------------------------------------------------------


class Endless(io.RawIOBase):
    """``/dev/zero`` as a stream, counting what was read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = len(buffer)
        buffer[:size] = bytes(size)
        self.given += size
        return size


def test_standard_input_is_read_up_to_the_limit_and_one_byte(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    endless = Endless()

    class Stdin:
        buffer = endless

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, _, err = run(capsys, "render", "-")
    assert code == 2
    assert error_line(err) == (
        "<stdin>: the input is larger than the limit of 16,777,216 bytes; "
        "pass max_bytes to read larger journeys"
    )
    assert endless.given == files.MAX_BYTES + 1


# -- 2. many problems: refused fast, the first listed, the others counted ---------------


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_many_unknown_keys_are_refused_fast_with_a_count(format: str) -> None:
    count = 50_000
    keys = [f"k{i}" for i in range(count)]
    if format == "yaml":
        text = HEAD + "".join(f"{key}: 1\n" for key in keys)
    else:
        text = '{"journeykit": 1, "title": "T", ' + ", ".join(f'"{k}": 1' for k in keys) + "}"
    lines = str(refused_fast(jk.ValidationError, text, format=format, source="keys")).splitlines()
    assert len(lines) == files.MAX_PROBLEMS + 1
    where = "keys:3" if format == "yaml" else "keys"
    assert lines[0].startswith(f"{where}: k0: unknown key; allowed keys are description, ")
    assert lines[-1] == f"keys: ... and {count - files.MAX_PROBLEMS:,} more problems"


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_many_broken_touchpoints_are_refused_fast_with_a_count(format: str) -> None:
    count = 12_000
    items = [f"{{id: t{i}, name: T{i}, emotion: 7}}" for i in range(count)]
    text = (
        HEAD + "stages:\n  - name: S\n    touchpoints:\n" + "".join(f"      - {t}\n" for t in items)
    )
    if format == "json":
        text = jk.dumps(jk.Journey(title="T"), format="json")[:-2] + ', "stages": [{"name": "S", '
        text += '"touchpoints": ['
        text += ", ".join(f'{{"id": "t{i}", "name": "T", "emotion": 7}}' for i in range(count))
        text += "]}]}"
    error = refused_fast(jk.ValidationError, text, format=format, source="map")
    lines = str(error).splitlines()
    assert len(lines) == files.MAX_PROBLEMS + 1
    first = "map:6" if format == "yaml" else "map"
    assert lines[0] == f"{first}: stages[0].touchpoints[0].emotion: must be between -2 and 2, got 7"
    assert lines[-1] == f"map: ... and {count - files.MAX_PROBLEMS:,} more problems"
    assert error.problems[19].path == "stages[0].touchpoints[19].emotion"


def test_the_lines_of_problems_come_from_one_index() -> None:
    text = HEAD + "".join(f"k{i}: 1\n" for i in range(3)) + "stages:\n  - name: S\n    colour: x\n"
    with pytest.raises(jk.ValidationError) as caught:
        jk.loads(text, source="m.yaml")
    lines = {problem.path: problem.line for problem in caught.value.problems}
    assert lines == {"k0": 3, "k1": 4, "k2": 5, "stages[0].colour": 8}


# -- 5. whole numbers past the digits a file holds ---------------------------------------


_RULE = "numbers in journey files have at most 4,300 digits"
_MODEL = r"big\.yaml:4: metadata\.x: must be between -1e\+15 and 1e\+15, got "


@pytest.mark.parametrize(
    ("number", "error", "message"),
    [
        ("9" * 5000, jk.FormatError, rf"^big\.yaml:4: a whole number of 5,000 digits; {_RULE}$"),
        (
            "-" + "9" * 4301,
            jk.FormatError,
            rf"^big\.yaml:4: a whole number of 4,301 digits; {_RULE}",
        ),
        # Few digits and a huge value: hexadecimal, then base 60 past the digits, then within.
        ("0x" + "f" * 3600, jk.FormatError, r"^big\.yaml:4: a whole number of more than 4,300 "),
        (
            "1:" * 4400 + "1",
            jk.FormatError,
            rf"^big\.yaml:4: a whole number of 4,401 digits; {_RULE}",
        ),
        ("1:" * 2200 + "1", jk.ValidationError, _MODEL),
        ("1_000" * 1000, jk.ValidationError, _MODEL),  # within the digits: the model's rule
    ],
)
def test_huge_whole_numbers_in_yaml_name_file_line_and_rule(
    number: str, error: type[Exception], message: str
) -> None:
    text = HEAD + f"metadata:\n  x: {number}\n"
    assert re.search(message, str(refused_fast(error, text, source="big.yaml")))


def test_huge_whole_numbers_in_json_and_below_the_interpreter_limit() -> None:
    text = '{"journeykit": 1,\n"title": "T",\n"metadata": {"x": ' + "9" * 4301 + "}}"
    with pytest.raises(jk.FormatError, match=r"^j:3: a whole number of 4,301 digits; numbers"):
        jk.loads(text, format="json", source="j")
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(1000)
    try:
        with pytest.raises(jk.FormatError, match=r"^line 3: a whole number of more than 4,300"):
            jk.loads(HEAD + "x: " + "9" * 2000 + "\n")
    finally:
        sys.set_int_max_str_digits(limit)


def test_a_huge_emotion_is_refused_with_its_field_and_line() -> None:
    text = HEAD + "stages:\n  - name: S\n    touchpoints:\n      - {name: A, emotion: " + "9" * 401
    with pytest.raises(jk.ValidationError, match=r"^m:6: stages\[0\]\.touchpoints\[0\]\.emotion: "):
        jk.loads(text + "}\n", source="m")


# -- 7. values and depth, bounded while parsing -----------------------------------------


def test_a_long_list_without_aliases_is_refused_fast_saying_the_limit() -> None:
    text = HEAD + "metadata:\n  x: [" + ",".join(["1"] * 2_100_000) + "]\n"
    assert str(refused_fast(jk.FormatError, text, source="list.yaml")) == (
        f"list.yaml:4: holds more than {files.MAX_VALUES:,} values; a journey file holds at most "
        f"{files.MAX_VALUES:,} (pass max_values to read more)"
    )


def test_the_same_limit_holds_json_and_can_be_raised() -> None:
    text = '{"journeykit": 1, "title": "T", "metadata": {"x": [' + ",".join(["1"] * 300) + "]}}"
    with pytest.raises(jk.FormatError, match=r"^holds more than 100 values; a journey file"):
        jk.loads(text, format="json", max_values=100)
    assert len(jk.loads(text, format="json", max_values=400).metadata["x"]) == 300


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_nesting_deeper_than_the_limit_is_refused(format: str) -> None:
    deep = "[" * 60 + "]" * 60
    text = HEAD + f"metadata: {{x: {deep}}}\n"
    if format == "json":
        text = '{"journeykit": 1, "title": "T", "metadata": {"x": ' + deep + "}}"
    with pytest.raises(jk.FormatError, match=r"nested more than 50 levels deep; a journey file"):
        jk.loads(text, format=format)


# -- 17. arguments that are not what they should be --------------------------------------


def test_wrong_arguments_are_validation_errors_naming_them(tmp_path: Path) -> None:
    with pytest.raises(jk.ValidationError, match=r"^text: must be text \(str\) or bytes, got None"):
        jk.loads(None)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^path: must be a file name .*, got NoneType"):
        jk.load(None)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^path: must be a file name"):
        jk.dump(jk.Journey(title="T"), None)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^max_bytes: must be a whole number"):
        jk.loads(HEAD, max_bytes=None)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^max_values: must be a whole number"):
        jk.dumps(jk.Journey(title="T"), max_values=1.5)  # type: ignore[arg-type]
    with pytest.raises(jk.ValidationError, match=r"^filename: must be a file name \(text\)"):
        jk.renderers.get_for_filename(None)  # type: ignore[arg-type]


# -- 17. whatever dump writes, load reads -----------------------------------------------


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_dump_and_load_agree_on_the_limits(format: str) -> None:
    journey = jk.load(CAR)
    text = jk.dumps(journey, format=format)
    size = len(text.encode("utf-8"))
    assert jk.loads(text, format=format, max_bytes=size) == journey
    with pytest.raises(jk.FormatError, match=rf"is {size:,} bytes as {format}, more than"):
        jk.dumps(journey, format=format, max_bytes=size - 1)
    with pytest.raises(jk.FormatError, match=r"larger than the limit|more than the limit"):
        jk.loads(text, format=format, max_bytes=size - 1)
    values = next(n for n in range(1, 10**6) if _fits(files.to_data(journey), n))
    assert jk.loads(jk.dumps(journey, format=format, max_values=values), max_values=values)
    with pytest.raises(jk.FormatError, match=f"more than {values - 1:,} values"):
        jk.dumps(journey, format=format, max_values=values - 1)
    with pytest.raises(jk.FormatError, match=f"more than {values - 1:,} values"):
        jk.loads(text, format=format, max_values=values - 1)


def _fits(data: object, values: int) -> bool:
    try:
        check_data(data, max_values=values)
    except jk.FormatError:
        return False
    return True


def test_a_journey_load_would_refuse_is_not_written(tmp_path: Path) -> None:
    name = "A" * (files.MAX_BYTES + 1)  # a 17 MB event name, as `mine` made it
    journey = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name=name)])]
    )
    target = tmp_path / "mined.yaml"
    started = time.process_time()
    with pytest.raises(jk.FormatError, match=r"mined\.yaml: the journey's texts alone are more"):
        jk.dump(journey, target)
    assert time.process_time() - started < FAST
    assert list(tmp_path.iterdir()) == []
    many = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=[f"A{i}" for i in range(50)])]
    )
    with pytest.raises(jk.FormatError, match=r"holds more than 100 values, and load reads at most"):
        jk.dump(many, target, max_values=100)
    assert list(tmp_path.iterdir()) == []


def test_a_journey_of_too_many_transitions_is_refused_before_it_becomes_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Mined from 100k activities, a journey has a million transitions: turning them all into
    # data took 22 s only to be refused. Five values each are enough to know.
    names = [f"a{i}" for i in range(40)]
    exits = [jk.Transition(source=name, kind="exit") for name in names]
    journey = jk.Journey(
        title="T", stages=[jk.Stage(name="S", touchpoints=names)], transitions=exits
    )
    monkeypatch.setattr(files, "to_data", lambda _: pytest.fail("turned into data"))
    with pytest.raises(jk.FormatError, match=r"^the journey holds more than 200 values, and load"):
        jk.dumps(journey, max_values=200)


@settings(max_examples=40, deadline=None)
@given(journey=journeys())
def test_the_quick_count_never_refuses_a_journey_that_fits(journey: jk.Journey) -> None:
    values = next(n for n in range(1, 10**6) if _fits(files.to_data(journey), n))
    check_least_values(journey, max_values=values)  # the count stays below the file's


# -- 10. terminal escapes ------------------------------------------------------------------


def test_control_characters_in_messages_are_shown_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "render", tmp_path / "x\x1b[2J\x07.yaml")
    assert code == 2
    assert error_line(err).endswith("x\\x1b[2J\\x07.yaml: no such file")
    code, _, err = run(capsys, "render", CAR, "\x1b]0;title\x07")
    assert code == 2
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "unrecognized arguments: \\x1b]0;title\\x07" in err


def test_text_from_a_journey_is_shown_escaped_in_reports(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = jk.Journey(
        title="Tricky \u202etxt.exe",
        stages=[jk.Stage(name="S", touchpoints=[jk.Touchpoint(name="Pays \u2066now")])],
    )
    target = tmp_path / "tricky.yaml"
    jk.dump(journey, target)
    code, out, _ = run(capsys, "analyze", target)
    assert code == 0
    assert out.startswith("Tricky \\u202etxt.exe\n")
    assert "Pays \\u2066now" in out
    assert "\u202e" not in out
    assert "\u2066" not in out


@pytest.fixture
def events(tmp_path: Path) -> Path:
    path = tmp_path / "ev\x1bil.csv"
    path.write_text("customer_id,event,ts\n1,Ad,2024-05-01 10:00\n1,Buy,2024-05-01 10:07\n")
    return path


def test_mine_says_it_was_interrupted_not_done(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, events: Path
) -> None:
    pytest.importorskip("polars")
    import journeykit.mining

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(journeykit.mining, "discover", interrupted)
    code, _, err = run(capsys, "mine", events, "-o", events.with_name("map.yaml"))
    assert code == 130
    assert err.startswith("mining ev\\x1bil.csv...\n")
    assert "\rmining ev\\x1bil.csv: interrupted after " in err
    assert "done" not in err


def test_mine_says_it_failed_before_the_error(
    capsys: pytest.CaptureFixture[str], events: Path
) -> None:
    pytest.importorskip("polars")
    code, _, err = run(capsys, "mine", events, "-o", events.with_name("m.yaml"), "--stage", "zz")
    assert code == 2
    assert "\rmining ev\\x1bil.csv: failed after " in err
    assert err.splitlines()[-1].startswith("journeykit: error: ")
    assert "done" not in err


# -- 17. closed standard streams ---------------------------------------------------------


def test_closed_standard_streams_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    assert cli.main(["render", str(CAR)]) == 2
    assert cli.main(["lint", str(CAR)]) == 2
    monkeypatch.setattr(sys, "stdin", None)
    assert cli.main(["render", "-", "-o", os.devnull]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "journeykit: error: standard output is closed; write to a file with -o FILE",
        "journeykit: error: standard output is closed; write to a file with -o FILE",
        "journeykit: error: standard input is closed; give a journey FILE instead of -",
    ]
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["render", "nowhere.yaml"]) == 2  # nothing to say it on, and no traceback
