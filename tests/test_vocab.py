from __future__ import annotations

import pytest

import journeykit as jk
from journeykit import vocab


@pytest.mark.parametrize(
    ("score", "valence"),
    [
        (-2, "negative"),
        (-0.5, "negative"),
        (-0.49, "neutral"),
        (0, "neutral"),
        (0.5, "positive"),
        (2, "positive"),
    ],
)
def test_valence_thresholds(score: float, valence: str) -> None:
    assert vocab.valence(score) == valence


def test_emotion_labels_in_both_languages() -> None:
    assert [vocab.emotion_label(s) for s in (-2, -1, 0, 1, 2)] == [
        "very negative", "negative", "neutral", "positive", "very positive",
    ]  # fmt: skip
    assert vocab.emotion_label(-2, lang="es") == "muy negativa"
    assert vocab.valence_name("negative", lang="es") == "negativa"
    with pytest.raises(jk.ValidationError, match=r"^lang: must be one of en, es, pt, got 'fr'$"):
        vocab.emotion_label(0, lang="fr")


def test_mermaid_scores_convert_both_ways() -> None:
    assert [vocab.from_mermaid_score(s) for s in range(1, 6)] == [-2, -1, 0, 1, 2]
    assert [vocab.to_mermaid_score(e) for e in (-2, -1.5, -0.2, 0.5, 2)] == [1, 2, 3, 4, 5]
    for bad in (0, 6, True, 2.5, "3"):
        with pytest.raises(jk.ValidationError, match="score: must be a whole number from 1 to 5"):
            vocab.from_mermaid_score(bad)  # type: ignore[arg-type]


def test_channels_by_id_alias_and_language() -> None:
    assert vocab.channel("Boca a boca").id == "word-of-mouth"
    assert vocab.channel("store").id == "in-person"
    assert vocab.channel_name("social", "es") == "Redes sociales"
    assert vocab.channel_name("Carrier pigeon", "es") == "Carrier pigeon"
    assert not vocab.channel("word-of-mouth").controlled
    aliases = [a for c in vocab.CHANNELS.values() for a in (c.id, *c.aliases)]
    assert len(aliases) == len(set(aliases)), "an alias names two channels"


@pytest.mark.parametrize("name", sorted(vocab.STAGE_TEMPLATES))
@pytest.mark.parametrize("lang", vocab.LANGUAGES)
def test_stage_templates_build_valid_journeys(name: str, lang: str) -> None:
    stages = jk.Stage.from_template(name, lang=lang)
    assert len({s.id for s in stages}) == len(stages)
    assert [(s.id, s.name) for s in stages] == list(vocab.stage_template(name, lang=lang))
    assert jk.Journey(title="T", stages=stages).stages == stages


def test_seed_templates() -> None:
    assert [name for _, name in vocab.stage_template("classic", lang="es")] == [
        "Descubrimiento", "Consideración", "Compra", "Retención", "Recomendación",
    ]  # fmt: skip
    assert vocab.stage_template("questionpro", lang="es")[-1] == ("loyalty", "Fidelización")


def test_metric_ranges_are_consistent() -> None:
    for info in vocab.METRICS.values():
        assert info.low is not None
        assert info.high is None or info.low < info.high
