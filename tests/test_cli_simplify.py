"""The two sliders on the command line: ``--touchpoints`` and ``--transitions``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
import pytest

import journeykit as jk
from journeykit import _sliders, analysis, cli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

from shop_events import generate  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("log") / "shop.parquet"
    pl.from_arrow(generate(20_000, seed=1)).write_parquet(path)  # type: ignore[union-attr]
    return path


@pytest.fixture(scope="module")
def mined(log: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mined") / "shop.yaml"
    argv = ["mine", str(log), "-o", str(out), "-q", "--stage", "stage", "--channel", "channel"]
    assert cli.main(argv) == 0
    return out


@pytest.mark.parametrize(
    ("text", "value"), [("0.8", 0.8), ("80%", 0.8), ("12", 12), ("1.0", 1.0), (" 1 ", 1)]
)
def test_a_slider_reads_a_share_or_a_top_n(text: str, value: float) -> None:
    read = _sliders.amount(text)
    assert read == value
    assert type(read) is type(value)


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "150%", "nan", "most", "", "1e400"])
def test_a_slider_refuses_what_simplify_refuses(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="share of the traffic"):
        _sliders.amount(text)


def test_mine_keeps_the_busiest_and_records_the_rest(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "simple.yaml"
    code, _, err = run(
        capsys, "mine", log, "-o", out, "--touchpoints", "12", "--transitions", "0.8"
    )
    assert code == 0
    j = jk.load(out)
    record = analysis.folded(j)
    assert record is not None
    assert len(j.touchpoints) >= 12
    assert record.touchpoints == 40 - len(j.touchpoints)
    assert f"simplified: {record.touchpoints} touchpoints and {record.transitions} ways" in err


def test_mine_without_sliders_writes_the_whole_journey(mined: Path) -> None:
    j = jk.load(mined)
    assert len(j.touchpoints) == 40
    assert analysis.folded(j) is None


def test_render_passes_the_sliders_to_a_renderer_that_takes_them(
    mined: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "render", mined, "-f", "graphviz", "--touchpoints", "8")
    assert code == 0
    j = analysis.simplify(jk.load(mined), touchpoints=8)
    assert out.count(" -> ") < len(jk.load(mined).graph.edges)
    for touchpoint in j.touchpoints:
        assert touchpoint.id in out


def test_render_simplifies_first_for_a_renderer_without_sliders(
    mined: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "render", mined, "-f", "markdown", "--touchpoints", "5")
    assert code == 0
    kept = analysis.simplify(jk.load(mined), touchpoints=5)
    assert out == jk.render(kept, "markdown")


def test_render_refuses_sliders_with_simplify_off(
    mined: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "render", mined, "-f", "graphviz", "-O", "simplify=off", "--touchpoints", "5"
    )
    assert code == 2
    assert "simplify: is off" in err
