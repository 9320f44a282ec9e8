"""The journeykit command's convert, lint and analyze: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import cli
from tests.test_cli import CAR, one_error_line, run

# -- convert ----------------------------------------------------------------------


def test_convert_to_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "convert", CAR, "--to", "json")
    assert code == 0
    assert json.loads(out)["title"] == "Buying a family car"
    assert jk.loads(out, format="json") == jk.load(CAR)


def test_convert_takes_the_format_from_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "car.json"
    assert run(capsys, "convert", CAR, "-o", target) == (0, "", "")
    assert jk.load(target) == jk.load(CAR)


def test_convert_to_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "convert", CAR, "--to", "mermaid")
    assert code == 0
    # What Mermaid cannot hold is a warning: one line, no place in journeykit's source.
    for line in err.splitlines():
        assert line.startswith("warning: ")
        assert ".py:" not in line
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert out == jk.dumps(jk.load(CAR), format="mermaid")


def test_convert_needs_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "convert", CAR)
    assert code == 2
    assert one_error_line(err) == "say which format to write: --to yaml|json|mermaid, or -o FILE"


def test_convert_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "convert", CAR, "--to", "xml")
    assert code == 2
    assert "invalid choice: 'xml'" in err


# -- lint -------------------------------------------------------------------------


def test_lint_of_a_good_map_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint", CAR)
    assert code == 0
    assert (
        f"{CAR}:51: info missing-owner stages[0].touchpoints[1]: 'Asks friends for advice' "
        "has no owner" in out.splitlines()
    )
    assert err == f"{CAR}: 0 errors, 0 warnings, 5 infos\n"


def test_lint_errors_exit_1(capsys: pytest.CaptureFixture[str], empty_map: Path) -> None:
    code, out, err = run(capsys, "lint", empty_map)
    assert code == 1
    assert out.startswith(f"{empty_map}:1: error no-touchpoints ")
    assert err.startswith(f"{empty_map}: 1 error, ")


def test_lint_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(
        "journeykit: 1\ntitle: T\nstages:\n  - name: A\n    touchpoints: [{name: X, emotion: 0, owner: O}]\n"
        "  - name: Empty\n"
    )
    assert run(capsys, "lint", path)[0] == 0
    code, out, _ = run(capsys, "lint", "--strict", path)
    assert code == 1
    assert "warning empty-stage" in out


def test_lint_of_an_invalid_map_lists_every_problem_and_exits_1(
    capsys: pytest.CaptureFixture[str], broken_map: Path
) -> None:
    code, out, err = run(capsys, "lint", broken_map)
    assert code == 1
    assert out.splitlines() == [
        f"{broken_map}:7: error invalid stages[0].touchpoints[1].id: 'pays' is already used "
        "by stages[0].touchpoints[0]",
        f"{broken_map}:9: error invalid transitions[0].to: no touchpoint 'nowhere'",
    ]
    assert err == f"{broken_map}: 2 errors, 0 warnings, 0 infos\n"


def test_lint_of_an_unreadable_file_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("journeykit: 1\ntitle: a: b\n")
    code, out, err = run(capsys, "lint", path)
    assert (code, out) == (2, "")
    assert "invalid YAML" in one_error_line(err)
    code, _, err = run(capsys, "lint", tmp_path / "none.yaml")
    assert code == 2
    assert one_error_line(err).endswith("no such file")


# -- analyze ----------------------------------------------------------------------


def test_analyze_reports_paths_loops_exits_and_moments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", CAR, "--top", "3")
    assert code == 0
    assert out == cli.report(jk.load(CAR), top=3)
    lines = out.splitlines()
    assert lines[:3] == [
        "Buying a family car",
        "===================",
        "5 stages, 14 touchpoints, 6 transitions (3 going back, 2 exits); persona: Daniela Vargas",
    ]
    paths = lines[lines.index("Most likely paths (top 3)") + 1 :][:3]
    assert paths[0].startswith("   28.7%  Sees an ad on social media → Asks friends for advice")
    assert (
        "  Reads reviews and comparisons ↩ Configures the car on the website: compares trims again [Consideration]"
        in lines
    )
    assert "  at Negotiates the price (25%): walks away over the price" in lines
    assert lines[-3].startswith("  1. Negotiates the price (load ")


def test_analyze_an_empty_map(capsys: pytest.CaptureFixture[str], empty_map: Path) -> None:
    code, out, _ = run(capsys, "analyze", empty_map)
    assert code == 0
    assert out.count("  none") == 4


def test_analyze_needs_a_positive_top(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "analyze", CAR, "--top", "0")
    assert code == 2
    assert one_error_line(err) == "--top: must be a whole number of at least 1, got 0"


def test_analyze_writes_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    assert run(capsys, "analyze", CAR, "-o", target) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("Buying a family car\n")
