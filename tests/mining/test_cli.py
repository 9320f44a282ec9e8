"""``journeykit mine``: the options, the files, the summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
import pytest

import journeykit as jk
from journeykit import cli, figures, mining
from journeykit.mining import EventDataError
from journeykit.mining.cli import add_arguments, run

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))

from shop_events import generate  # noqa: E402


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shop") / "shop.parquet"
    pl.from_arrow(generate(20_000, seed=1)).write_parquet(path)  # type: ignore[union-attr]
    return path


def test_mines_a_parquet_file_and_prints_a_summary(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shop.yaml"
    args = parse(
        str(shop),
        "-o",
        str(out),
        "--stage",
        "stage",
        "--channel",
        "channel",
        "--emotion",
        "emotion",
        "--title",
        "Online shop",
        "--top",
        "2",
    )
    assert run(args) == 0
    j = jk.load(out)
    assert j.title == "Online shop"
    assert [s.name for s in j.stages] == [
        "Discover",
        "Explore",
        "Decide",
        "Buy",
        "Receive",
        "After",
    ]
    err = capsys.readouterr().err
    assert "mining shop.parquet: done in" in err
    assert f"{j.metadata['events']:,} events of {j.metadata['customers']:,} customers" in err
    assert "variant 2:" in err
    assert "variant 3:" not in err
    assert f"wrote {out}" in err
    # mine and analyze give the same size for the same journey, from its graph view.
    size = cli.report(j).splitlines()[2]
    assert f"{figures.size(j)}, " in err
    assert size.startswith(figures.size(j))
    assert f"{len(j.transitions)} transitions (" in size


# What the summary says, and the title the journey gets.
SPOKEN = {
    "es": (["20.005 eventos de 3.776 clientes", "variante 1: ", "escrito "], "Recorrido observado"),
    "pt": (["20.005 eventos de 3.776 clientes", "variante 1: ", "gravado "], "Jornada observada"),
}


@pytest.mark.parametrize("lang", SPOKEN)
def test_mine_speaks_lang_and_writes_a_journey_in_it(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    said, title = SPOKEN[lang]
    out = tmp_path / "shop.yaml"
    assert cli.main(["mine", str(shop), "-o", str(out), "--lang", lang]) == 0
    err = capsys.readouterr().err
    for words in said:
        assert words in err
    assert "events" not in err
    j = jk.load(out)
    assert (j.lang, j.title) == (lang, title)  # so it is drawn in the language it was mined in
    assert "Etapas" in jk.render(j, "markdown")


def test_mine_keeps_english_and_a_given_title_by_default(
    shop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shop.yaml"
    assert cli.main(["mine", str(shop), "-o", str(out), "-q", "--title", "Shop"]) == 0
    assert (jk.load(out).lang, jk.load(out).title) == ("en", "Shop")


def test_mines_a_csv_file_quietly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "events.csv"
    source.write_text("user,page,at\nu1,Home,2024-05-01T10:00:00\nu1,Cart,2024-05-01T10:00:30\n")
    out = tmp_path / "map.json"
    assert (
        run(
            parse(
                str(source),
                "-o",
                str(out),
                "--customer",
                "user",
                "--touchpoint",
                "page",
                "--timestamp",
                "at",
                "--quiet",
            )
        )
        == 0
    )
    assert jk.load(out).main_path == ("home", "cart")
    assert capsys.readouterr().err == ""


def test_bad_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(jk.FormatError, match="no such file"):
        run(parse(str(tmp_path / "missing.csv"), "-o", str(tmp_path / "x.yaml")))
    (tmp_path / "events.xlsx").write_text("")
    with pytest.raises(jk.FormatError, match=r"cannot read \.xlsx; use \.csv, \.tsv or \.parquet"):
        run(parse(str(tmp_path / "events.xlsx"), "-o", str(tmp_path / "x.yaml")))
    with pytest.raises(jk.FormatError, match=r"must end in \.yaml, \.yml or \.json"):
        run(parse(str(tmp_path / "events.xlsx"), "-o", str(tmp_path / "x.svg")))
    (tmp_path / "events.csv").write_text("a,b\n1,2\n")
    with pytest.raises(EventDataError, match="column 'customer_id': no such column"):
        run(parse(str(tmp_path / "events.csv"), "-o", str(tmp_path / "x.yaml")))


# -- path tables ---------------------------------------------------------------------


def test_mines_a_channel_attribution_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ChannelAttribution writes ';'-separated CSVs: the header line tells the separator.
    source = tmp_path / "paths.csv"
    source.write_text(
        "path;total_conversions;total_null;total_conversion_value\n"
        "Search > Email;3;1;120.0\nSearch;0;4;0\n"
    )
    out = tmp_path / "paths.yaml"
    args = parse(
        str(source), "-o", str(out), "--paths", "--conversions", "total_conversions",
        "--nulls", "total_null", "--value", "total_conversion_value",
    )  # fmt: skip
    assert run(args) == 0
    j = jk.load(out)
    expected = mining.from_paths(
        pl.read_csv(source, separator=";"),
        conversions="total_conversions",
        nulls="total_null",
        value="total_conversion_value",
    )
    assert jk.dumps(j) == jk.dumps(expected)
    err = capsys.readouterr().err
    assert "15 events of 8 customers, 3 conversions" in err


def test_path_options_separator_and_delimiter(tmp_path: Path) -> None:
    source = tmp_path / "paths.txt"
    source.write_text("route|n\nad/cart|2\nad|1\n")
    out = tmp_path / "paths.json"
    args = parse(
        str(source), "-o", str(out), "--paths", "--path-column", "route", "--sep", "/",
        "--customers", "n", "--delimiter", "|", "-q",
    )  # fmt: skip
    assert run(args) == 0
    j = jk.load(out)
    assert j.touchpoint("ad").metrics["traffic"] == 3
    assert j.touchpoint("cart").metrics["traffic"] == 2


def test_bad_path_tables_and_delimiters_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "paths.csv"
    source.write_text("path,n\na > b,-1\n")
    out = str(tmp_path / "out.yaml")
    with pytest.raises(EventDataError, match=r"column 'n': has 1 negative value.*\(rows 0\)"):
        run(parse(str(source), "-o", out, "--paths", "--customers", "n", "-q"))
    with pytest.raises(jk.FormatError, match="must be one character"):
        run(parse(str(source), "-o", out, "--paths", "--delimiter", ";;", "-q"))
