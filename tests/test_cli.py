"""The journeykit command: every subcommand, and errors as one line with exit code 2."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import cli
from tests.conftest import ROOT
from tests.renderers.test_contract import having

CAR = ROOT / "examples" / "car-purchase.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    """The error output: exactly one line, starting with the program's name, no traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("journeykit: error: ")
    return lines[0].removeprefix("journeykit: error: ")


# -- general ----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"journeykit {jk.__version__}\n", "")


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("render", "renderers", "convert", "lint", "analyze", "mine", "serve"):
        assert f"    {command}" in out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert "the following arguments are required: COMMAND" in err


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"journeykit {jk.__version__}\n")


# -- render -----------------------------------------------------------------------


def test_render_to_stdout_is_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "render", CAR)
    assert (code, err) == (0, "")
    assert out == jk.render(jk.load(CAR), "markdown")


@pytest.mark.parametrize(
    ("ending", "name"), [(".md", "markdown"), (".dot", "graphviz"), (".mmd", "mermaid")]
)
def test_render_picks_the_renderer_from_the_ending(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ending: str, name: str
) -> None:
    if name not in jk.renderers.available():
        pytest.skip(f"no {name} renderer")
    target = tmp_path / f"map{ending}"
    assert run(capsys, "render", CAR, "-o", target) == (0, "", "")
    assert target.read_text(encoding="utf-8") == jk.render(jk.load(CAR), name)


def test_render_with_format_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "render",
        CAR,
        "-f",
        "md",
        "-O",
        "lang=es",
        "-O",
        "lanes=touchpoints,emotions",
        "-O",
        "moments=2",
    )
    assert code == 0
    assert out == jk.render(
        jk.load(CAR), "markdown", lang="es", lanes=["touchpoints", "emotions"], moments=2
    )


@pytest.mark.dot
@needs_dot
@pytest.mark.parametrize(
    ("ending", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_render_graphviz_images(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ending: str, magic: bytes
) -> None:
    target = tmp_path / f"map.{ending}"
    assert run(capsys, "render", CAR, "-f", "graphviz", "-o", target) == (0, "", "")
    assert target.read_bytes().startswith(magic)


def test_render_of_a_grid_poster(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    try:
        jk.renderers.get("grid")
    except ImportError:
        pytest.skip("no grid renderer")
    target = tmp_path / "map.svg"
    assert run(capsys, "render", CAR, "-o", target) == (0, "", "")
    assert target.read_text(encoding="utf-8") == jk.render(jk.load(CAR), "grid")


def test_render_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin:
        buffer = CAR.open("rb")

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(capsys, "render", "-", "-f", "markdown")
    Stdin.buffer.close()
    assert code == 0
    assert out.startswith("# Buying a family car\n")


def test_binary_output_to_a_terminal_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, _, err = run(capsys, "render", CAR, "-f", "graphviz", "-O", "output=png")
    assert code == 2
    assert one_error_line(err) == "the output is binary; write it to a file with -o FILE"


def test_renderers_lists_them_all(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "renderers")
    assert code == 0
    lines = out.splitlines()
    assert "markdown: .md text/markdown" in lines
    assert "graphviz: .dot text/vnd.graphviz" in lines
    # each option: name, type, default and help, under its renderer
    markdown = lines[lines.index("markdown: .md text/markdown") + 1 :][:4]
    assert [line.split()[0] for line in markdown] == ["lanes", "lang", "moments", "trends"]
    moments = markdown[2].split()
    assert moments[1:3] == ["int", "3"]
    assert "How many moments that matter to list" in markdown[2]
    wrap = next(line for line in lines if line.lstrip().startswith("wrap "))
    assert wrap.split()[1:3] == ["int", "22"]
    layout = next(line for line in lines if line.lstrip().startswith("layout "))
    assert layout.split()[1:3] == ["auto|rows|columns|line", "'auto'"]


# -- render errors: one line, exit 2, the old file untouched ---------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "powerpoint"], "no renderer 'powerpoint'; known: "),
        (["-o", "map.docx"], "no renderer for the file 'map.docx'; known: '.md'"),
        (
            ["-O", "colour=red"],
            "the markdown renderer has no option 'colour'; its options: lanes, lang, moments",
        ),
        (["-O", "lanes=gossip"], "lanes: no lane 'gossip'; must be any of persona, goals"),
        (["-O", "lang=fr"], "lang: must be one of en, es, pt, got 'fr'"),
        (["-f", "grid", "-O", "lanes=actions,gossip"], "lanes: no lane 'gossip'; must be any of"),
        (["-f", "graphviz", "-O", "output=gif"], "output: must be one of dot, svg, png, pdf"),
        (["-O", "novalue"], "an option is KEY=VALUE, got 'novalue'"),
        (["-f", "graphviz", "-O", "wrap=2"], "wrap: must be a whole number of at least 8, got 2"),
    ],
)
def test_bad_render_requests(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "render", CAR, *args)
    assert (code, out) == (2, "")
    assert one_error_line(err).startswith(message)


def test_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", "nowhere.yaml")
    assert code == 2
    assert one_error_line(err) == "nowhere.yaml: no such file"


def test_an_invalid_map_is_one_line_listing_every_problem(
    capsys: pytest.CaptureFixture[str], broken_map: Path
) -> None:
    code, _, err = run(capsys, "render", broken_map)
    assert code == 2
    line = one_error_line(err)
    assert line == (
        f"{broken_map}:7: stages[0].touchpoints[1].id: 'pays' is already used by "
        f"stages[0].touchpoints[0]; {broken_map}:9: transitions[0].to: no touchpoint 'nowhere'"
    )


def test_bad_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("journeykit: 1\ntitle: [unclosed\n")
    code, _, err = run(capsys, "render", path)
    assert code == 2
    assert one_error_line(err).startswith(f"{path}:")


def test_an_output_folder_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "render", CAR, "-o", tmp_path / "nope" / "map.md")
    assert code == 2
    assert "the folder" in one_error_line(err)


def test_a_failed_render_leaves_the_old_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "map.md"
    target.write_text("old")
    code, _, _ = run(capsys, "render", CAR, "-o", target, "-O", "lang=fr")
    assert code == 2
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.md"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs dot to be found first")
def test_a_missing_dot_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run(capsys, "render", CAR, "-f", "graphviz", "-o", tmp_path / "map.png")
    assert code == 2
    assert "apt install graphviz" in one_error_line(err)


# -- mine -------------------------------------------------------------------------


def test_mine_builds_a_journey(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("customer_id,event,ts\n1,Ad,2024-05-01 10:00\n1,Buy,2024-05-01 10:07\n")
    target = tmp_path / "map.yaml"
    code, _, err = run(capsys, "mine", events, "-o", target, "-q")
    assert code == 0, err
    assert jk.load(target).main_path == ("ad", "buy")


def test_mine_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "mine", tmp_path / "none.csv", "-o", tmp_path / "map.yaml", "-q")
    assert code == 2
    one_error_line(err)


def test_mine_without_the_mining_module_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "journeykit.mining.cli", None)
    code, _, err = run(capsys, "mine", "events.csv")
    assert code == 2
    assert one_error_line(err).startswith("the mine command is not available: ")


def test_the_console_script_has_no_traceback_on_errors(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "render", str(tmp_path / "x.yaml")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert done.returncode == 2
    assert done.stderr == f"journeykit: error: {tmp_path / 'x.yaml'}: no such file\n"


def test_a_terminal_that_cannot_show_the_text_is_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journeykit", "render", str(CAR)],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "journeykit: error: the terminal's encoding (ascii) cannot show '\\u201c'; "
        "write to a file with -o, or set PYTHONIOENCODING=utf-8\n"
    )


def test_markdown_and_grid_have_lanes() -> None:
    assert {"markdown", "grid"} <= set(having("lanes"))


@pytest.mark.parametrize("name", having("lanes"))
def test_lanes_from_the_help_example_work_for_every_renderer_with_lanes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    # The -O help text's own example: a comma-separated list, as every renderer reads it.
    cls = jk.renderers.get(name)
    target = tmp_path / f"map{cls().output.extension}"
    options = ["-O", "lanes=actions,emotions"]
    assert run(capsys, "render", CAR, "-f", name, *options, "-o", target) == (0, "", "")
    expected = jk.render(jk.load(CAR), name, lanes=["actions", "emotions"])
    assert expected != jk.render(jk.load(CAR), name)  # the lanes made a difference
    written = target.read_bytes()
    assert written == (expected if isinstance(expected, bytes) else expected.encode("utf-8"))


def test_the_lanes_tested_are_the_help_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "--help")
    assert code == 0
    assert "-O lanes=actions,emotions" in " ".join(out.split())


def test_binary_output_goes_to_a_pipe_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("cairosvg", exc_type=ImportError)

    class Stdout:
        """A pipe: not a terminal, with a byte buffer."""

        def __init__(self) -> None:
            self.buffer = io.BytesIO()

        def isatty(self) -> bool:
            return False

        def flush(self) -> None:
            pass

    pipe = Stdout()
    monkeypatch.setattr(sys, "stdout", pipe)
    assert cli.main(["render", str(CAR), "-f", "grid", "-O", "output=pdf"]) == 0
    assert pipe.buffer.getvalue().startswith(b"%PDF")


def test_the_ending_sets_the_output_of_a_chosen_renderer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    try:
        jk.renderers.get("grid")
    except ImportError:
        pytest.skip("no grid renderer")
    target = tmp_path / "poster.png"
    assert run(capsys, "render", CAR, "-f", "grid", "-o", target) == (0, "", "")
    assert target.read_bytes().startswith(b"\x89PNG")
