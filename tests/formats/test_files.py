from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

import journeykit as jk
from journeykit.formats import files

HEAD = "journeykit: 1\ntitle: T\n"


def journey() -> jk.Journey:
    return jk.Journey(
        title="Flowers",
        persona=jk.Persona(name="Lucía", channels=["web"]),
        stages=[
            jk.Stage(
                name="Buy",
                touchpoints=[
                    jk.Touchpoint(name="Checks out", emotion=-2, pain_points=["Fees"]),
                    jk.Touchpoint(name="Pays", emotion=0.5, metrics={"csat": 3.5}),
                ],
            )
        ],
        transitions=[jk.Transition(source="checks-out", kind="exit", probability=0.6)],
    )


# -- writing -------------------------------------------------------------------


def test_yaml_is_short_readable_and_keyed_as_documented() -> None:
    text = jk.dumps(journey())
    assert text.startswith("journeykit: 1\ntitle: Flowers\npersona:\n  id: lucia\n  name: Lucía\n")
    assert "  - from: checks-out\n    kind: exit\n    probability: 0.6\n" in text
    assert "description" not in text  # defaults are left out


def test_output_is_byte_identical_across_calls_and_formats_round_trip() -> None:
    j = journey()
    for format in ("yaml", "json"):
        first = jk.dumps(j, format=format)
        assert jk.dumps(jk.loads(first, format=format), format=format) == first
        assert jk.loads(first, format=format) == j


def test_multiline_text_is_written_as_a_block() -> None:
    j = jk.Journey(title="T", description="line one\nline two")
    assert "description: |-\n  line one\n  line two\n" in jk.dumps(j)
    assert jk.loads(jk.dumps(j)) == j


def test_dump_and_load_files(tmp_path: Path) -> None:
    for name in ("map.yaml", "map.yml", "map.json"):
        jk.dump(journey(), tmp_path / name)
        assert jk.load(tmp_path / name) == journey()
    assert (tmp_path / "map.json").read_text(encoding="utf-8").startswith('{\n  "journeykit": 1,')


def test_format_is_chosen_by_ending_or_refused(tmp_path: Path) -> None:
    with pytest.raises(jk.NotFoundError, match=r"no format for the file ending '\.txt'"):
        jk.dump(journey(), tmp_path / "map.txt")
    jk.dump(journey(), tmp_path / "map.txt", format="json")
    assert jk.load(tmp_path / "map.txt", format="json") == journey()
    with pytest.raises(jk.NotFoundError, match="no format 'xml'; known: 'yaml', 'json', 'mermaid'"):
        jk.dumps(journey(), format="xml")


def test_a_failed_write_leaves_the_old_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("precious", encoding="utf-8")
    os.chmod(target, 0o640)

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(jk.FormatError, match=r"map\.yaml: cannot write: No space left on device"):
        jk.dump(journey(), target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.yaml"]  # no temporary left
    monkeypatch.undo()
    jk.dump(journey(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # permissions kept


def test_a_dump_of_something_else_fails_before_touching_the_file(tmp_path: Path) -> None:
    target = tmp_path / "map.yaml"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(jk.ValidationError, match=r"^journey: must be a Journey, got dict"):
        jk.dump({"title": "x"}, target)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "precious"


def test_writing_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(jk.FormatError, match=r"cannot write: the folder .* does not exist"):
        jk.dump(journey(), tmp_path / "nope" / "map.yaml")


# -- reading: shorthand and conveniences ---------------------------------------------


def test_hand_written_shorthand() -> None:
    j = jk.loads(
        HEAD
        + "persona: Ana\n"
        + "stages:\n  - name: Find\n    touchpoints: [Sees an ad, Visits the site]\n"
        + "  - Buy\n"
    )
    assert j.persona == jk.Persona(name="Ana")
    assert [s.id for s in j.stages] == ["find", "buy"]
    assert j.main_path == ("sees-an-ad", "visits-the-site")


def test_dates_stay_text() -> None:
    j = jk.loads(HEAD + "metadata: {date: 2026-03-12}\n")
    assert j.metadata == {"date": "2026-03-12"}


def test_json_and_bytes_with_a_bom() -> None:
    assert jk.loads(b'\xef\xbb\xbf{"journeykit": 1, "title": "T"}', format="json").title == "T"


# -- reading: bad input --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", r"^line 1: the top level must be a mapping \(one journey\), got a list$"),
        ("", r"the top level must be a mapping \(one journey\), got nothing"),
        ("title: T\n", r"journeykit: is required: the format version, 1"),
        (
            "journeykit: 2\ntitle: T\n",
            r"format version 2, newer than this journeykit reads \(1\); upgrade",
        ),
        ("journeykit: one\ntitle: T\n", r"journeykit: unknown format version 'one'"),
        ("journeykit: true\ntitle: T\n", r"journeykit: unknown format version True"),
        (HEAD + "colour: red\n", r"^line 3: colour: unknown key; allowed keys are description, "),
        (
            HEAD + "persona: {name: A}\npersonas: [B]\n",
            r"persona: give persona or personas, not both",
        ),
        (
            HEAD + "persona: {name: A, age: old}\n",
            r"^line 3: persona\.age: must be a whole number, got str 'old'$",
        ),
        (HEAD + "stages: {a: 1}\n", r"^line 3: stages: must be a list, got a mapping$"),
        (
            HEAD + "stages: [{name: S, touchpoints: [null]}]\n",
            r"stages\[0\]\.touchpoints\[0\]: must be a mapping",
        ),
        (HEAD + "stages: [{touchpoints: []}]\n", r"^line 3: stages\[0\]\.name: is required$"),
        (
            HEAD + "stages: [{name: S, nmae: x}]\n",
            r"stages\[0\]\.nmae: unknown key; allowed keys are .*name",
        ),
        (
            HEAD + "transitions: [{from: a, too: b}]\n",
            r"transitions\[0\]\.too: unknown key; allowed keys are .*to",
        ),
        (HEAD + "transitions: [{to: b}]\n", r"transitions\[0\]\.from: is required"),
        (HEAD + "title: 5\n", r"duplicate key 'title' \(first at line 2\)"),
        ("journeykit: 1\ntitle: [a]\n", r"^line 2: title: must be text, got list \['a'\]$"),
    ],
)
def test_bad_documents_get_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        jk.loads(text)


def test_every_problem_is_listed_with_its_line() -> None:
    text = HEAD + (
        "stages:\n"
        "  - name: S\n"
        "    touchpoints:\n"
        "      - {name: A, emotion: 7}\n"
        "      - {name: B, visibility: hidden}\n"
        "      - {name: A}\n"
        "transitions:\n"
        "  - {from: a, to: zz}\n"
    )
    with pytest.raises(jk.ValidationError) as caught:
        jk.loads(text, source="car.yaml")
    assert str(caught.value).splitlines() == [
        "car.yaml:6: stages[0].touchpoints[0].emotion: must be between -2 and 2, got 7",
        "car.yaml:7: stages[0].touchpoints[1].visibility: must be one of frontstage, backstage, "
        "support, got 'hidden'",
    ]
    fixed = text.replace("emotion: 7", "emotion: 1").replace("visibility: hidden", "owner: Web")
    with pytest.raises(jk.ValidationError) as caught:
        jk.loads(fixed, source="car.yaml")
    assert str(caught.value).splitlines() == [
        "car.yaml:8: stages[0].touchpoints[2].id: 'a' is already used by stages[0].touchpoints[0]",
        "car.yaml:10: transitions[0].to: no touchpoint 'zz'",
    ]
    assert caught.value.problems[1].line == 10
    assert caught.value.source == "car.yaml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + "title2: [unclosed\n", r"^line 4:1: invalid YAML: while parsing a flow sequence"),
        (
            HEAD + "x: !!python/object/apply:os.system [ls]\n",
            r"could not determine a constructor for the tag",
        ),
        (HEAD + "metadata: &a {x: *a}\n", r"^line 3: an alias refers to a value that contains it"),
        (
            HEAD + "metadata: {x: " + "[" * 10000 + "]" * 10000 + "}\n",
            r"invalid YAML|nested too deeply",
        ),
        (HEAD + "---\n" + HEAD, r"expected a single document in the stream"),
    ],
)
def test_text_that_is_not_yaml(text: str, message: str) -> None:
    with pytest.raises(jk.FormatError, match=message):
        jk.loads(text)


def test_alias_bomb_is_refused_at_once() -> None:
    lines = ["journeykit: 1", "title: T", "metadata:", "  a: &a [x,x,x,x,x,x,x,x,x,x]"]
    for i in range(1, 10):
        name, previous = chr(97 + i), chr(96 + i)
        lines.append(f"  {name}: &{name} [" + ",".join([f"*{previous}"] * 10) + "]")
    started = time.perf_counter()
    with pytest.raises(
        jk.FormatError,
        match=rf"^line \d+: expands through its aliases to more than {files.MAX_VALUES:,} values",
    ):
        jk.loads("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2


def test_modest_aliases_are_fine() -> None:
    j = jk.loads(HEAD + "persona: {name: A, channels: &c [web, email]}\nmetadata: {channels: *c}\n")
    assert j.metadata == {"channels": ["web", "email"]}


def test_huge_input_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.write(HEAD.encode())
        stream.write(b"description: ")
        stream.write(b"x" * (50 * 1024 * 1024))
    started = time.perf_counter()
    with pytest.raises(
        jk.FormatError, match=r"big\.yaml: the file is larger than the limit of 16,777,216"
    ):
        jk.load(big)
    with pytest.raises(jk.FormatError, match="more than the limit of 100"):
        jk.loads(HEAD * 10, max_bytes=100)
    assert time.perf_counter() - started < 5


def test_non_utf8_bytes(tmp_path: Path) -> None:
    target = tmp_path / "latin1.yaml"
    target.write_bytes(HEAD.encode() + "description: café\n".encode("latin-1"))
    with pytest.raises(
        jk.FormatError, match=r"latin1\.yaml:3: not valid UTF-8 \(byte 39: b'\\xe9'\)"
    ):
        jk.load(target)


def test_control_characters_in_text_are_refused() -> None:
    with pytest.raises(
        jk.ValidationError, match=r"title: must not contain control characters, got U\+0007"
    ):
        jk.loads('journeykit: 1\ntitle: "bell\\a"\n')


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"journeykit": 1, "title": "T",}', r"^line 1:32: invalid JSON: Expecting property name"),
        ('{"journeykit": 1, "title": "T", "title": "U"}', "duplicate key 'title'"),
        (
            '{"journeykit": 1, "title": "T", "metadata": {"x": NaN}}',
            "NaN is not a number JSON allows",
        ),
        (
            '{"journeykit": 1, "title": "T", "metadata": {"x": ' + "9" * 5000 + "}}",
            r"^line 1: a whole number of 5,000 digits; numbers in journey files have at most 4,300",
        ),
        (
            '{"journeykit": 1, "title": "T", "metadata": ' + "[" * 100000 + "]" * 100000 + "}",
            "nested too deeply",
        ),
        ("[1, 2]", "the top level must be a mapping"),
    ],
)
def test_bad_json(text: str, message: str) -> None:
    with pytest.raises(jk.JourneyError, match=message):
        jk.loads(text, format="json")


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(jk.FormatError, match=r"nope\.yaml: no such file"):
        jk.load(tmp_path / "nope.yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(jk.FormatError, match=r"folder\.yaml: is a folder, not a file"):
        jk.load(folder)


def test_to_and_from_data() -> None:
    data = files.to_data(journey())
    assert data["journeykit"] == 1
    assert list(data)[:3] == ["journeykit", "title", "persona"]
    assert files.from_data(data) == journey()
    several = files.to_data(jk.Journey(title="T", personas=["A", "B"]))
    assert [p["name"] for p in several["personas"]] == ["A", "B"]
