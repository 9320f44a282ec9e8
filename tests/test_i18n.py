"""The message catalogue: every key in every language, alike in shape, and every key used exists."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import journeykit as jk
from journeykit import _analyze_cli, _lint_cli, _renderers_cli, analysis, i18n, vocab
from journeykit.analysis.funnel import Unit
from journeykit.renderers import theme

SOURCE = Path(__file__).parents[1] / "src" / "journeykit"
ENGLISH = i18n.catalogue("en")
# A key written out in a call: message("lane.stages", ...), plural("grid.more_flows", ...).
_LITERAL = re.compile(r"""\b(?:message|plural|say)\(\s*"([a-z]\w*\.[\w.-]*(?: [\w ]+)?)"\s*[,)]""")
# The fixed start of a key built in a call: message(f"lint.{rule}", ...).
_BUILT = re.compile(r"""\b(?:message|plural|say)\(\s*f"([a-z][\w.-]*\.)\{""")
_SECTION = re.compile(r"""\bsection\(\s*"(\w+)"\s*,""")


def _forms(template: str) -> int:
    return len(template.split("|"))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(lang: str) -> None:
    messages = i18n.catalogue(lang)
    assert set(messages) == set(ENGLISH)
    for key, template in messages.items():
        assert template.strip(), f"{lang}: {key} is empty"
        assert i18n.placeholders(template) == i18n.placeholders(ENGLISH[key]), key
        assert _forms(template) == _forms(ENGLISH[key]), key
        for form in template.split("|"):
            form.format_map(dict.fromkeys(i18n.placeholders(template), "x"))  # well formed


def _calls(pattern: re.Pattern[str]) -> set[str]:
    """The keys named by the calls in the package's code (doctests, which try wrong keys, aside)."""
    code = (
        line
        for path in SOURCE.rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if ">>>" not in line
    )
    return {found for line in code for found in pattern.findall(line)}


def test_every_key_written_in_the_code_exists() -> None:
    used = _calls(_LITERAL)
    assert {"fit.and", "moment.nobody", "moment.truth", "cli.binary"} <= used  # calls are found
    assert sorted(used - set(ENGLISH)) == []


def test_every_key_the_code_builds_starts_a_group_of_the_catalogue() -> None:
    starts = _calls(_BUILT) | {f"{name}." for name in _calls(_SECTION)}
    assert {"lint.", "lane.", "page.", "grid.", "markdown.", "cli.column.", "cli.lint."} <= starts
    for start in starts:
        assert any(key.startswith(start) for key in ENGLISH), start


def test_the_keys_built_from_data_exist() -> None:
    built = [
        *(f"lint.{rule}" for rule in analysis.RULES),
        *(f"lint.rule.{rule}" for rule in analysis.RULES),
        *(f"lane.{lane}" for lane in theme.LANES),
        *(f"channel.{id}" for id in vocab.CHANNELS),
        *(f"stage.{t}.{id}" for t, ids in vocab.STAGE_TEMPLATES.items() for id in ids),
        *(f"valence.{v}" for v in ("negative", "neutral", "positive")),
        *(f"funnel.unit.{unit}" for unit in typing.get_args(Unit)),
        *(f"process.{view}" for view in ("frequency", "performance")),
        *(f"cli.analyze.{key}" for key in _analyze_cli.COLUMNS),
        *(f"cli.column.{c}" for columns in _analyze_cli.COLUMNS.values() for c in columns),
        *(f"cli.column.{c}" for c in (*_lint_cli.COLUMNS, *_renderers_cli.COLUMNS)),
        *(f"cli.lint.{severity}" for severity in ("error", "warning", "info")),
    ]
    assert sorted(set(built) - set(ENGLISH)) == []


def test_a_number_is_written_the_way_the_language_writes_it() -> None:
    assert i18n.message("grid.summary", "es", n=3200, s="x") == "3.200 en x"
    assert i18n.message("grid.summary", "en", n=3200, s="x") == "3,200 in x"
    assert i18n.message("grid.summary", "pt", n=3200.5, s="x") == "3.200,5 em x"
    assert i18n.message("grid.summary", "en", n="3200", s=True) == "3200 in True"


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(i18n.LANGUAGES))
def test_a_plural_says_one_only_for_one(count: int, lang: str) -> None:
    one, many = i18n.catalogue(lang)["moment.pains"].split("|")
    said = i18n.plural("moment.pains", count, lang)
    expected = one if count == 1 else many
    assert said == expected.format(n=jk.figures.number(count, lang))


def test_the_language_is_the_callers_else_the_journeys_when_known_else_english() -> None:
    assert i18n.language("es", "en") == "es"
    assert i18n.language(None, "es") == "es"
    assert i18n.language(None, "fr-CA") == "en"
    with pytest.raises(jk.ValidationError, match="lang: must be one of en, es, pt, got 'de'"):
        i18n.language("de", "es")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("region", ["", "-BR", "_PT", "-419", "-Latn-MX", "_us"])
def test_a_code_with_a_region_reads_as_its_language(lang: str, region: str) -> None:
    assert i18n.language(None, lang + region) == lang
    assert i18n.language(lang + region, "en") == lang
    assert i18n.language(None, lang.upper() + region) == lang


@pytest.mark.parametrize("code", ["-pt", "ptBR", "p", "", "de-PT", "portuguese"])
def test_a_code_that_only_looks_like_a_language_is_not_one(code: str) -> None:
    assert i18n.language(None, code) == "en"
    with pytest.raises(jk.ValidationError, match=f"got '{code}'"):
        i18n.language(code)


def test_an_unknown_key_lists_the_keys() -> None:
    with pytest.raises(jk.NotFoundError, match=r"no message 'moment\.nope'; known: 'lane\.stages'"):
        i18n.message("moment.nope", "es")
