"""``journeykit segments`` and ``attribute`` in Spanish, and drawn as tables on a terminal."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from journeykit import cli
from tests.mining.test_segments import shop_log
from tests.mining.test_windows import weekly_log

PATHS = (
    "path;total_conversions;total_null;total_conversion_value\n"
    "Search > Email;3;1;1200\nSearch;0;4;0\nEmail;1;1;30\n"
)


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("segments") / "events.csv"
    shop_log(customers=1200).write_csv(source)
    return source


@pytest.fixture(scope="module")
def weeks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("windows") / "events.csv"
    weekly_log(customers=1200).write_csv(source)
    return source


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("paths") / "paths.csv"
    source.write_text(PATHS)
    return source


@pytest.fixture(scope="module")
def sources(events: Path, weeks: Path, paths: Path) -> dict[str, Path]:
    return {"events": events, "weeks": weeks, "paths": paths}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


SEGMENTS = ("--segment", "device", "--emotion", "mood", "--conversion", "buy")
ATTRIBUTE = ("--csv-sep", ";", "--value", "total_conversion_value", "--model", "markov,last")


def test_segments_in_spanish(events: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "segments", events, *SEGMENTS, "--lang", "es", "-q")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("3 segmentos de 1.200 clientes: (none) (")
    assert lines[1].startswith("conversión: (none) ")
    assert " % (del " in lines[1].replace("\xa0", " ")
    assert lines[2] == (
        "ninguna diferencia notable: los intervalos del 95\xa0% de todos los segmentos se solapan"
    )
    heading = "abandono por punto de contacto (intervalo del 95\xa0%, clientes, emoción):"
    assert heading in lines
    row = next(line for line in lines if line.startswith("  home [desktop]: "))
    assert " clientes, emoción " in row
    assert "customers" not in out


def test_notable_differences_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 600 customers on each device; half the mobile ones and a tenth of the desktop ones leave
    rows = ["customer_id,event,ts,device"]
    for customer in range(1200):
        device = "mobile" if customer % 2 else "desktop"
        leaves = customer % 20 < (10 if device == "mobile" else 2)
        rows += [f"{customer},Cart,1,{device}"] + (
            [] if leaves else [f"{customer},Pays,2,{device}"]
        )
    source = tmp_path / "events.csv"
    source.write_text("\n".join(rows) + "\n")
    out = run(capsys, "segments", source, "--segment", "device", "--lang", "es", "-q")[1]
    lines = out.replace("\xa0", " ").splitlines()
    assert lines[:3] == [
        "2 segmentos de 1.200 clientes: desktop (600 clientes), mobile (600 clientes)",
        "diferencias notables (intervalos del 95 % que no se solapan):",
        "  mobile: el 50 % abandona en Cart (del 46 % al 54 %, 600 clientes), "
        "desktop: el 10 % (del 8 % al 13 %, 600 clientes)",
    ]


def test_segments_speak_english_by_default(
    events: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english = run(capsys, "segments", events, *SEGMENTS, "-q")[1]
    assert english.startswith("3 segments of 1,200 customers: ")
    assert run(capsys, "segments", events, *SEGMENTS, "--lang", "en", "-q")[1] == english


def test_segments_say_what_they_wrote_in_spanish(
    events: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, printed, err = run(capsys, "segments", events, *SEGMENTS, "--lang", "es", "-o", out)
    assert code == 0
    assert f"se escribieron 3 recorridos y comparison.txt en {out}" in err
    assert (out / "comparison.txt").read_text() == printed


def test_trends_in_spanish(weeks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("segments", weeks, "--window", "1mo", "--conversion", "pays", "--lang", "es", "-q")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert out.startswith(
        "2 periodos de 1mo (1.200 clientes, cada uno en el periodo de su primer evento):\n\n"
    )
    assert "| Abandono | 1 may 2024 (parcial) | 1 jun 2024 (parcial) |" in out
    assert "| **Clientes** | " in out
    assert "| **Conversión** | " in out
    assert out.rstrip().endswith("así que lea sus cifras aparte")


def test_attribute_in_spanish(paths: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "attribute", paths, *ATTRIBUTE, "--lang", "es")
    assert code == 0
    assert out.splitlines()[:4] == [
        "Atribución (markov, orden 1): 4 conversiones, valor 1.230",
        "  canal   eliminación  conversiones         valor  proporción",
        "  Email         100\xa0%           2,4           738        60\xa0%",
        "  Search         67\xa0%           1,6           492        40\xa0%",
    ]
    assert "Atribución (last): 4 conversiones, valor 1.230" in out
    english = run(capsys, "attribute", paths, *ATTRIBUTE)[1]
    assert english.splitlines()[:2] == [
        "Attribution (markov, order 1): 4 conversions, value 1,230",
        "  channel   removal   conversions         value    share",
    ]


def test_programs_get_the_same_csv_and_json_in_every_language(
    paths: Path, events: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ("attribute", paths, *ATTRIBUTE, "--format", "json"),
        ("segments", events, *SEGMENTS, "--format", "csv", "-q"),
    ):
        assert run(capsys, *argv, "--lang", "es")[1] == run(capsys, *argv)[1]


@pytest.mark.usefixtures("plain_env")
@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("segments", ["abandono por punto de contacto", "punto de contacto", "1.200 clientes"]),
        ("window", ["Abandono", "Clientes", "(parcial)", "así que lea sus cifras aparte"]),
        ("attribute", ["Atribución (markov, orden 1)", "eliminación", "60 %"]),
    ],
)
def test_the_reports_are_tables_on_a_terminal(
    command: str,
    words: list[str],
    sources: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("rich")
    argv = {
        "segments": ["segments", str(sources["events"]), *SEGMENTS, "-q"],
        "window": ["segments", str(sources["weeks"]), "--window", "1mo", "-q"],
        "attribute": ["attribute", str(sources["paths"]), *ATTRIBUTE],
    }[command] + ["--lang", "es"]
    plain = run(capsys, *argv)[1]
    screen = Tty()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", screen)
        assert cli.main(argv) == 0
    drawn = screen.getvalue()
    assert drawn != plain
    assert "┃" in drawn  # a table
    assert "\x1b[" in drawn  # in colour
    shown = drawn.replace("\xa0", " ")
    for word in words:
        assert word in shown, word
    with monkeypatch.context() as patch:  # NO_COLOR: the plain text, byte for byte
        screen = Tty()
        patch.setattr(sys, "stdout", screen)
        patch.setenv("NO_COLOR", "1")
        assert cli.main(argv) == 0
    assert screen.getvalue() == plain


def test_an_unknown_language_is_a_usage_error(
    paths: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "attribute", paths, "--lang", "fr")
    assert code == 2
    assert "--lang: invalid choice: 'fr'" in err
