"""The command line on a terminal: rich tables, plain text elsewhere, hints, warnings, lint."""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeykit import _suggest, _terminal, cli
from journeykit._lint_cli import check
from journeykit._renderer_options import options_of
from tests.conftest import ROOT

CAR = ROOT / "examples" / "car-purchase.yaml"
FLOWERS = ROOT / "examples" / "flower-delivery.yaml"

BROKEN = """journeykit: 1
title: Bad
stages:
  - id: buy
    name: Buy
    touchpoints:
      - id: cart
        name: Cart
        channel: webb
        pain_point: [slow]
        emotion: 7
      - id: checkout
        name: Checkout
      - id: checkout
        name: Again
transitions:
  - {from: cart, to: chekout}
"""


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


# -- the one decision --------------------------------------------------------------


@pytest.mark.usefixtures("plain_env")
def test_styled_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _terminal.styled(Tty())
    assert not _terminal.styled(io.StringIO())
    assert not _terminal.styled(None)
    monkeypatch.setenv("TERM", "dumb")
    assert not _terminal.styled(Tty())
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert _terminal.styled(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _terminal.styled(Tty())


@pytest.mark.usefixtures("plain_env")
def test_analyze_draws_tables_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("rich")
    plain = run(capsys, "analyze", FLOWERS, "-k", "3")[1]
    screen = Tty()
    monkeypatch.setattr(sys, "stdout", screen)
    assert cli.main(["analyze", str(FLOWERS), "-k", "3"]) == 0
    drawn = screen.getvalue()
    assert drawn != plain
    assert "┃" in drawn  # a table
    assert "\x1b[" in drawn  # in colour
    assert "Moments that matter (top 3)" in drawn
    assert "Checks out" in drawn


@pytest.mark.usefixtures("plain_env")
@pytest.mark.parametrize("argv", [["analyze", str(FLOWERS)], ["lint", str(CAR)], ["renderers"]])
def test_no_color_and_missing_rich_give_the_plain_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    plain = run(capsys, *argv)[1]
    for setup in ("NO_COLOR", "no rich"):
        screen = Tty()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdout", screen)
            if setup == "NO_COLOR":
                patch.setenv("NO_COLOR", "1")
            else:
                patch.setitem(sys.modules, "rich.console", None)
            cli.main(argv)
        assert screen.getvalue() == plain, setup


def test_journey_text_is_not_read_as_rich_markup(tmp_path: Path) -> None:
    pytest.importorskip("rich")
    from rich.console import Console

    from journeykit._tables import Table, _drawn

    out = io.StringIO()
    Console(file=out, width=80).print(_drawn(Table("T", ("a",), (("[red]x[/red]",),), line=str)))
    assert "[red]x[/red]" in out.getvalue()


# -- renderers --------------------------------------------------------------------


def test_renderer_options_have_type_default_and_help() -> None:
    from journeykit import renderers

    options = {o.name: o for o in options_of(renderers.get("graphviz"))}
    assert options["output"].type == "dot|svg|png|pdf"
    assert options["wrap"].default == 22
    assert options["theme"].default_text == "'default'"
    assert options["timeout"].help.startswith("Seconds to wait for dot")
    assert all(len(o.brief) <= 64 for o in options.values())


# -- lint -------------------------------------------------------------------------


def test_lint_reports_field_and_cross_object_problems_in_one_round() -> None:
    lines = [line.at("m.yaml") for line in check(BROKEN, source="m.yaml")]
    assert lines[0] == (
        "m.yaml:9: warning unknown-channel stages[0].touchpoints[0].channel: "
        "'webb' is no standard channel; did you mean 'web'?"
    )
    assert lines[1].startswith("m.yaml:10: error invalid stages[0].touchpoints[0].pain_point: ")
    assert lines[1].endswith("; did you mean 'pain_points'?")
    assert lines[2] == (
        "m.yaml:11: error invalid stages[0].touchpoints[0].emotion: must be between -2 and 2, got 7"
    )
    assert lines[3] == (
        "m.yaml:14: error invalid stages[0].touchpoints[2].id: 'checkout' is already used by "
        "stages[0].touchpoints[1]"
    )
    assert lines[4] == (
        "m.yaml:17: error invalid transitions[0].to: no touchpoint 'chekout'; "
        "did you mean 'checkout'?"
    )
    assert len(lines) == 5


def test_lint_of_a_broken_file_exits_1_and_counts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(BROKEN)
    code, out, err = run(capsys, "lint", path)
    assert code == 1
    assert len(out.splitlines()) == 5
    assert err == f"{path}: 4 errors, 1 warning, 0 infos\n"


def test_lint_a_custom_channel_is_no_slip() -> None:
    text = BROKEN.replace("webb", "carrier pigeon")
    assert not any(line.rule == "unknown-channel" for line in check(text, source="m.yaml"))


def test_lint_reads_json_and_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = '{"journeykit": 1, "title": "T", "stages": [{"name": "S", "touchpoints": ["A"]}],'
    text += ' "transitions": [{"from": "a", "to": "b"}]}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "lint", "-", "--from", "json")
    assert code == 1
    assert out == "<stdin>: error invalid transitions[0].to: no touchpoint 'b'\n"


# -- did you mean -----------------------------------------------------------------


def test_suggestions_for_names_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", CAR, "-f", "grd")
    assert code == 2
    assert err.rstrip().endswith("did you mean 'grid'?")


@given(st.text(min_size=1, max_size=12), st.lists(st.text(max_size=12), max_size=8))
def test_a_suggestion_is_a_known_name_and_never_the_name_itself(
    name: str, known: list[str]
) -> None:
    found = _suggest.closest(name, known)
    assert found is None or (found in known and found != name)
    assert (_suggest.hint(name, known) == "") == (found is None)


# -- optional dependencies and warnings -------------------------------------------


@pytest.mark.parametrize(
    ("module", "argv", "extra"),
    [
        ("polars", ["mine", "events.csv", "-o", "map.yaml"], "mining"),
        ("polars", ["attribute", "paths.csv"], "mining"),
        ("polars", ["segments", "events.csv", "--segment", "device"], "mining"),
        ("cairosvg", ["render", str(CAR), "-o", "{tmp}/car.png"], "svg"),
        ("watchfiles", ["serve", str(CAR), "--no-open", "--port", "0"], "serve"),
    ],
)
def test_a_missing_optional_dependency_is_a_one_line_hint(  # noqa: PLR0913, PLR0917 (fixtures)
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    module: str,
    argv: list[str],
    extra: str,
) -> None:
    (tmp_path / "events.csv").write_text("customer_id,event,ts,device\n1,Ad,1,web\n")
    (tmp_path / "paths.csv").write_text("path,total_conversions\nAd > Buy,1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, module, None)
    code, _, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert f"journeykit[{extra}]" in err


def test_graphviz_without_dot_says_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run(capsys, "render", CAR, "-f", "graphviz", "-O", "output=svg")
    assert code == 2
    assert len(err.splitlines()) == 1
    assert "install Graphviz" in err


def test_python_warnings_are_one_line_each(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import journeykit._analyze_cli as analyze

    real = analyze.report

    def warned(*args: object, **kwargs: object) -> str:
        warnings.warn("dropped 2 transitions\nand more", UserWarning, stacklevel=1)
        warnings.warn("old", DeprecationWarning, stacklevel=1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analyze, "report", warned)
    code, _, err = run(capsys, "analyze", CAR)
    assert code == 0
    assert err == "warning: dropped 2 transitions; and more\n"


@pytest.mark.usefixtures("plain_env")
def test_mine_shows_the_engine_phases_and_rows_on_a_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rich_progress = pytest.importorskip("rich.progress")
    import polars as pl

    source = tmp_path / "events.csv"
    pl.DataFrame(
        {"customer_id": [1, 1, 2], "event": ["Ad", "Buy", "Ad"], "ts": [0, 5, 0]}
    ).write_csv(source)
    shown: list[tuple[str, str]] = []
    update = rich_progress.Progress.update

    def recording(self: Any, task: Any, **fields: Any) -> None:
        shown.append((fields.get("phase", ""), fields.get("rows", "")))
        update(self, task, **fields)

    monkeypatch.setattr(rich_progress.Progress, "update", recording)
    screen = Tty()
    monkeypatch.setattr(sys, "stderr", screen)
    assert cli.main(["mine", str(source), "-o", str(tmp_path / "j.yaml")]) == 0
    assert shown == [
        ("reading", ""),
        ("ordering", ""),
        ("counting", "3 rows read"),
        ("building", "3 rows read"),
    ]
    assert "mining events.csv: done in" in screen.getvalue()
