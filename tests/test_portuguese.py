"""A map in Portuguese (``lang: pt``): every renderer, the analyses and the command line speak it."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import journeykit as jk
from journeykit import Stage, analysis, figures, i18n
from tests.test_cli import run

ENGLISH = i18n.catalogue("en")
PORTUGUESE = i18n.catalogue("pt")
LANES = [key for key in ENGLISH if key.startswith("lane.")]
# The lane titles English and Portuguese write differently ("Persona" is both).
ENGLISH_ONLY = [ENGLISH[key] for key in LANES if ENGLISH[key] != PORTUGUESE[key]]


# Signing up for home internet: a small Brazilian map with a bit of every lane.
INTERNET = """\
journeykit: 1
title: Contratar um plano de internet
lang: {lang}
persona:
  name: Ana Souza
  role: Professora, trabalha de casa
  age: 34
  quote: Só quero uma internet que não caia na hora da aula.
  goals: [Instalar a fibra antes do início das aulas]
  frustrations: [Atendimento que transfere a ligação]
  channels: [search, web, phone]
goal: Entender por que os clientes desistem entre o site e a instalação
stages:
  - name: Descoberta
    touchpoints:
      - {{name: Vê um anúncio no Instagram, channel: social, emotion: 1, owner: Marketing,
          metrics: {{traffic: 3200}}}}
      - {{name: Compara planos no site, channel: web, emotion: 0, owner: Digital,
          thought: Qual plano cabe no meu bolso?, questions: [Tem fidelidade?]}}
  - name: Contratação
    touchpoints:
      - id: cadastro
        name: Preenche o cadastro
        channel: web
        emotion: -2
        pain_points: [O CEP não é aceito, Pede o CPF duas vezes]
        opportunities: [Validar o CEP logo no início]
        tech_limits: [O cadastro não consulta a base de endereços]
        owner: Digital
        metrics: {{traffic: 1800, conversion: 0.45, importance: 5}}
      - {{name: Liga para a central, channel: phone, emotion: -1}}
      - {{name: Análise de crédito, channel: backoffice, visibility: backstage, owner: Financeiro}}
  - name: Instalação
    touchpoints:
      - {{name: Técnico instala a fibra, channel: in-person, emotion: 2, moment_of_truth: true,
          owner: Operações, happy_moments: [Chegou no horário marcado], metrics: {{csat: 4.6}}}}
      - {{name: Responde a pesquisa de satisfação, channel: email, emotion: 1, owner: CRM,
          metrics: {{nps: 42}}}}
transitions:
  - {{from: cadastro, kind: exit, probability: 0.55, label: desiste}}
"""


def journey(lang: str = "pt") -> jk.Journey:
    """The internet sign-up map, its ``lang`` field set to ``lang``."""
    return jk.loads(INTERNET.format(lang=lang))


def text(output: str | bytes) -> str:
    return output if isinstance(output, str) else output.decode("utf-8")


@pytest.mark.parametrize("renderer", jk.renderers.available())
def test_every_renderer_titles_the_lanes_in_portuguese(renderer: str) -> None:
    shown = text(jk.render(journey(), renderer))
    assert [title for title in ENGLISH_ONLY if title in shown] == []
    assert "Contratação" in shown
    if renderer in {"grid", "html", "markdown"}:  # the renderers that draw lanes
        for key in ("stages", "touchpoints", "emotions", "pain_points", "opportunities", "owners"):
            assert PORTUGUESE[f"lane.{key}"] in shown, key
    if renderer == "graphviz":  # nodes say their channel and emotion, the title the marks
        assert "Redes sociais · positiva" in shown
        assert "⚑ Momento da verdade · ◆ Momento que importa" in shown


def test_the_poster_writes_brazilian_numbers_and_portuguese_words() -> None:
    svg = text(jk.render(journey(), "grid"))
    for words in ("Tráfego 3.200", "Conversão 45%", "CSAT 4,6", "34 anos", "Estado atual",
                  "Momento da verdade", "Linha de visibilidade", "saída: desiste"):  # fmt: skip
        assert words in svg, words


def test_a_journey_with_a_region_reads_in_portuguese() -> None:
    for code in ("pt-BR", "pt_PT", "PT-br"):
        assert jk.render(journey(code), "markdown") == jk.render(journey(), "markdown")
    assert "| Stages |" in text(jk.render(journey("fr-CA"), "markdown"))


@pytest.mark.parametrize(
    "renderer",
    [
        name
        for name in jk.renderers.available()
        if "lang" in attrs.fields_dict(jk.renderers.get(name).Options)
    ],
)
def test_every_renderer_takes_a_region_as_its_lang_option(renderer: str) -> None:
    english = journey("en")
    assert jk.render(english, renderer, lang="pt-BR") == jk.render(english, renderer, lang="pt")
    with pytest.raises(jk.ValidationError, match=r"^lang: must be one of en, es, pt, got 'fr-CA'$"):
        jk.render(english, renderer, lang="fr-CA")


def test_a_portuguese_poster_draws_as_png() -> None:
    pytest.importorskip("cairosvg")
    png = jk.render(journey(), "grid", output="png")
    assert isinstance(png, bytes)
    assert png.startswith(b"\x89PNG")


def test_the_moments_that_matter_say_why_in_portuguese() -> None:
    moments = analysis.moments_that_matter(journey())
    assert moments[0].touchpoint == "cadastro"
    assert moments[0].reason.split("; ") == [
        "a emoção mais baixa da jornada (-2)",
        "importância 5 de 5",
        "cai 2 pontos depois de 'Compara planos no site'",
        "55% dos clientes saem aqui ('desiste')",
        "2 pontos de dor",
        "1.800 clientes passam por aqui",
    ]
    reasons = {m.touchpoint: m.reason for m in moments}
    assert reasons["tecnico-instala-a-fibra"].startswith("marcado como momento da verdade; ")
    assert "sem responsável" in reasons["liga-para-a-central"]
    english = analysis.moments_that_matter(journey(), lang="en")
    assert english[0].reason.startswith("lowest emotion in the journey (-2)")


def test_lint_finds_in_portuguese() -> None:
    found = {finding.rule: finding.message for finding in analysis.lint(journey())}
    assert found == {
        "negative-without-opportunity": (
            "'Liga para a central' é vivido de forma negativa (-1) e não tem nenhuma oportunidade "
            "de melhoria"
        ),
        "missing-owner": "'Liga para a central' não tem responsável",
        "missing-emotion": "'Análise de crédito' não tem emoção",
    }
    empty = jk.Journey(title="Vazio", lang="pt-BR", stages=[Stage(name="Compra")])
    assert [f.message for f in analysis.lint(empty)] == [
        "o mapa não tem pontos de contato: adicione alguns",
        "a etapa 'Compra' não tem pontos de contato",
    ]
    assert analysis.lint(empty, lang="en")[1].message == "stage 'Compra' has no touchpoints"


def test_the_funnel_notes_and_tables_are_portuguese() -> None:
    funnel = analysis.funnel(journey())
    assert funnel.note == (
        "clientes esperados, segundo o tráfego nas entradas e as proporções das transições"
    )
    table = funnel._repr_html_()
    assert "<caption>Funil por ponto de contato, em clientes</caption>" in table
    assert "<th>chegam</th><th>seguem</th><th>abandonam</th><th>conversão</th>" in table
    assert "<td>3.200</td><td>1.440</td><td>1.760</td><td>45%</td>" in table
    none = analysis.funnel(jk.Journey(title="T", lang="pt", stages=[Stage(name="S")]))
    assert none.note.startswith("o mapa não tem contagens, probabilidades")


def test_numbers_are_brazilian() -> None:
    assert (figures.number(3200, "pt"), figures.percent(0.55, "pt")) == ("3.200", "55%")
    assert figures.number(0.5, "pt") == "0,5"
    assert i18n.plural("moment.pains", 1, "pt") == "1 ponto de dor"
    assert i18n.plural("moment.pains", 1200, "pt") == "1.200 pontos de dor"


def test_the_command_line_reports_a_portuguese_map_in_portuguese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "internet.yaml"
    path.write_text(jk.dumps(journey()), encoding="utf-8")
    code, out, _ = run(capsys, "analyze", path)
    assert code == 0
    assert "3 etapas, 7 pontos de contato, 1 transição (0 de retorno, 1 saída)" in out
    assert "Caminhos mais prováveis (os 5 primeiros)" in out
    assert "(carga " in out
    assert "Most likely" not in out
    _, english, _ = run(capsys, "analyze", path, "--lang", "en")
    assert "Most likely paths (top 5)" in english
