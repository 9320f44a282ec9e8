"""The command line speaks the journey's language, or --lang: reports, summaries, numbers, hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from journeykit import _speech, cli, i18n
from tests.conftest import ROOT
from tests.test_cli import one_error_line, run

CONTACT = ROOT / "examples" / "website-contact.yaml"  # lang: es
CAR = ROOT / "examples" / "car-purchase.yaml"  # lang: en


def test_analyze_reports_a_spanish_map_in_spanish_with_spanish_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "analyze", CONTACT)
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("3 etapas, 9 puntos de contacto, 4 transiciones (1 de vuelta")
    for heading in ("Caminos más probables (los 5 primeros)", "Bucles (vueltas atrás)",
                    "Salidas", "Momentos que importan (los 5 primeros)"):  # fmt: skip
        assert heading in lines
    assert "  30,0\xa0%  Busca «contacto» en Google" in out  # Babel: decimal comma, spaced sign
    assert "  en Busca el teléfono o un formulario (30\xa0%): abandona el sitio" in lines
    assert "(carga 8,10): la emoción más baja del recorrido (-2)" in out
    assert "Most likely" not in out


def test_lang_asks_for_another_language(capsys: pytest.CaptureFixture[str]) -> None:
    _, spanish_map_in_english, _ = run(capsys, "analyze", CONTACT, "--lang", "en")
    assert "Most likely paths (top 5)" in spanish_map_in_english
    assert "  30.0%  " in spanish_map_in_english
    assert "(load 8.10): lowest emotion in the journey (-2)" in spanish_map_in_english
    _, english_map_in_spanish, _ = run(capsys, "analyze", CAR, "--lang", "es", "-k", "1")
    assert "Caminos más probables (los 1 primeros)" in english_map_in_spanish


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "analyze", CAR, "--lang", "fr")
    assert (code, out) == (2, "")
    assert "--lang: invalid choice: 'fr'" in err


def test_lint_summarises_in_the_maps_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "journeykit: 1\ntitle: Mapa\nlang: es\nstages:\n  - name: Compra\n"
        "    touchpoints:\n      - {name: Paga, channel: webb}\n  - name: Luego\n"
    )
    code, out, err = run(capsys, "lint", path)
    assert code == 0
    assert out.splitlines() == [
        f"{path}:7: info missing-emotion stages[0].touchpoints[0]: 'Paga' no tiene emoción",
        f"{path}:7: info missing-owner stages[0].touchpoints[0]: 'Paga' no tiene responsable",
        f"{path}:7: warning unknown-channel stages[0].touchpoints[0].channel: 'webb' no es un "
        "canal estándar; did you mean 'web'?",
        f"{path}:8: warning empty-stage stages[1]: la etapa 'Luego' no tiene puntos de contacto",
    ]
    assert err == f"{path}: 0 errores, 2 avisos, 2 notas\n"
    _, _, english = run(capsys, "lint", path, "--lang", "en")
    assert english == f"{path}: 0 errors, 2 warnings, 2 infos\n"


def test_render_lang_draws_the_map_in_that_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", CAR, "--lang", "es")
    assert code == 0
    assert "Puntos de contacto" in out
    assert "Touchpoints" not in out
    _, chosen, _ = run(capsys, "render", CAR, "--lang", "es", "-O", "lang=en")
    assert "Touchpoints" in chosen  # an explicit renderer option wins


def test_the_commands_own_errors_speak_lang(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "convert", CAR, "--lang", "es")
    assert code == 2
    assert one_error_line(err) == "indique el formato: --to yaml|json|mermaid, o -o ARCHIVO"
    _, _, english = run(capsys, "convert", CAR)
    assert one_error_line(english).startswith("say which format to write: --to yaml|json|mermaid")


def test_the_language_is_english_until_asked_or_read() -> None:
    assert _speech.spoken() == "en"
    with _speech.asked(None):
        assert _speech.reading("fr") == "en"  # a language the catalogue lacks reads as English
        assert _speech.reading("es") == "es"
    assert _speech.spoken() == "en"  # the run's language ends with the run
    assert cli.main(["analyze", str(CAR), "--lang", "es", "-o", "/dev/null"]) == 0
    assert _speech.spoken() == "en"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_cli_word_is_in_every_language(lang: str) -> None:
    english = {k for k in i18n.catalogue("en") if k.startswith(("cli.", "size."))}
    assert english <= set(i18n.catalogue(lang))
    assert len(english) > 40
