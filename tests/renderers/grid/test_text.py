from __future__ import annotations

import importlib.util
import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeykit.renderers.grid import _widths, text
from journeykit.renderers.grid.text import ELLIPSIS, HYPHEN, clean, is_rtl, measure, wrap
from tests.renderers.grid import make_widths

UPDATE = os.environ.get("JOURNEYKIT_UPDATE_GOLDENS") == "1"


@pytest.mark.skipif(
    importlib.util.find_spec("fontTools") is None, reason="fontTools builds the width table"
)
@pytest.mark.skipif(
    not all(path.exists() for path in make_widths.FONTS.values()), reason="DejaVu Sans missing"
)
def test_width_table_matches_the_installed_font() -> None:
    if UPDATE:
        make_widths.write()
    for style, path in make_widths.FONTS.items():
        per_em, runs = make_widths.runs(path)
        assert per_em == _widths.UNITS_PER_EM
        committed = _widths.BOLD if style == "bold" else _widths.REGULAR
        assert [(start, " ".join(map(str, w))) for start, w in runs] == [
            (start, " ".join(text.split())) for start, text in committed
        ]


@pytest.mark.parametrize(
    ("text", "bold", "expected"),
    [
        ("i", False, 569 / 2048 * 10),
        ("W", False, 2025 / 2048 * 10),
        ("W", True, 2259 / 2048 * 10),
        ("ñ", False, 1298 / 2048 * 10),
        ("e\u0301", False, 1260 / 2048 * 10),  # a combining accent takes no room
        ("中", False, 10.0),  # wide East Asian characters are one em
    ],
)
def test_measure_uses_font_advances(text: str, bold: bool, expected: float) -> None:
    assert measure(text, 10, bold=bold) == pytest.approx(expected)


def test_measure_is_not_a_character_count() -> None:
    assert measure("iiiiiiiiii", 12) < measure("WWWWW", 12)


def test_emoji_are_wider_than_letters() -> None:
    assert measure("😀", 10) > measure("M", 10)


def test_clean_removes_what_xml_cannot_hold() -> None:
    assert clean("a\x00b\x07c\x1bd\ud800e\ufffe") == "abcde"
    assert clean("tab\there\r\nline") == "tab here\nline"


def test_is_rtl_reads_the_first_strong_character() -> None:
    assert is_rtl("  123 שלום")
    assert not is_rtl("abc مرحبا")
    assert not is_rtl("123")


def test_wrap_keeps_words_whole_when_they_fit() -> None:
    wrapped = wrap("Reads owner reviews and crash-test results", 120, 12)
    assert " ".join(wrapped.lines) == "Reads owner reviews and crash-test results"
    assert all(measure(line, 12) <= 120 for line in wrapped.lines)
    assert not wrapped.truncated


def test_wrap_cuts_long_words_between_characters_with_a_hyphen() -> None:
    wrapped = wrap("x" * 100, 50, 10)
    assert "".join(line.removesuffix(HYPHEN) for line in wrapped.lines) == "x" * 100
    assert all(line.endswith(HYPHEN) for line in wrapped.lines[:-1])
    assert all(measure(line, 10) <= 50 for line in wrapped.lines)


@pytest.mark.parametrize(
    ("text", "lang", "width", "expected"),
    [
        ("abandonment", "en", 60, ("abandon-", "ment")),
        ("Gets a cart abandonment email", "en", 70, ("Gets a cart", "abandon-", "ment email")),
        ("herramientas", "es", 60, ("herra-", "mientas")),
        ("Administración", "es", 60, ("Adminis-", "tración")),
        ("facturación", "es-ES", 50, ("factura-", "ción")),  # a regional tag finds its language
    ],
)
def test_long_words_break_where_their_language_hyphenates(
    text: str, lang: str, width: float, expected: tuple[str, ...]
) -> None:
    assert wrap(text, width, 12, lang=lang).lines == expected


def test_a_broken_word_never_splits_bare() -> None:
    for lang in ("en", "es", "", "xx"):  # a language without a dictionary cuts with a hyphen
        lines = wrap("Incomprehensibilities abound", 50, 12, lang=lang).lines
        assert all(line.endswith(HYPHEN) for line in lines[:2]), (lang, lines)
        assert "".join(lines).replace(HYPHEN, "") == "Incomprehensibilitiesabound"


def test_no_hyphen_next_to_digits_or_wide_characters_or_an_existing_hyphen() -> None:
    assert wrap("1234567890123", 40, 12).lines == ("12345", "67890", "123")
    assert wrap("中文中文中文", 30, 12).lines == ("中文", "中文", "中文")
    assert wrap("same-day-delivery", 80, 12, lang="en").lines == ("same-day-", "delivery")


def test_the_dictionaries_are_loaded_once() -> None:
    text._dictionary.cache_clear()
    text._points.cache_clear()
    for word in ("abandonment", "configurator", "notification"):
        wrap(word, 40, 12, lang="en")
    info = text._dictionary.cache_info()
    assert info.misses == 1
    assert info.hits >= 1


def test_a_no_break_space_holds_and_is_measured() -> None:
    # Babel writes Spanish percentages with a no-break space (U+00A0) before the sign.
    assert wrap("Rebote 55\xa0%", 50, 12).lines == ("Rebote", "55\xa0%")
    assert measure("55\xa0%", 12) == pytest.approx(measure("55 %", 12))
    assert measure("1\u202f000", 12) > measure("1000", 12)  # the narrow one too


def test_a_cut_text_ends_with_the_broken_word_whole_again() -> None:
    wrapped = wrap("Gets a cart abandonment email now", 70, 12, lang="en", max_lines=2)
    assert wrapped.truncated
    assert wrapped.lines[-1].startswith("abandon")
    assert "-" not in wrapped.lines[-1]


def test_wrap_keeps_emoji_sequences_together() -> None:
    family = "👩\u200d👩\u200d👧"
    lines = wrap(family * 6, 20, 10).lines
    assert all(line.count("\u200d") % 2 == 0 for line in lines)


def test_wrap_truncates_with_an_ellipsis() -> None:
    wrapped = wrap("one two three four five six seven eight nine ten", 60, 12, max_lines=2)
    assert wrapped.truncated
    assert len(wrapped.lines) == 2
    assert wrapped.lines[-1].endswith(ELLIPSIS)
    assert measure(wrapped.lines[-1], 12) <= 60


def test_wrap_is_lazy_on_huge_text() -> None:
    start = time.perf_counter()
    wrapped = wrap("word " * 200_000, 100, 12, max_lines=3)
    assert time.perf_counter() - start < 0.5
    assert len(wrapped.lines) == 3


def test_wrap_treats_line_breaks_as_paragraphs() -> None:
    assert wrap("first\n\nsecond", 200, 12).lines == ("first", "second")


@given(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    st.floats(30, 400),
    st.integers(1, 5),
)
def test_wrapped_lines_fit_their_width(text: str, width: float, max_lines: int) -> None:
    wrapped = wrap(text, width, 11, max_lines=max_lines)
    assert len(wrapped.lines) <= max_lines
    for line in wrapped.lines:
        assert measure(line, 11) <= width + 1e-6 or len(line) == 1
    if not wrapped.truncated:  # nothing lost, only hyphens added where words broke

        def letters(shown: str) -> str:
            return "".join(shown.split()).replace(HYPHEN, "")

        assert letters("".join(wrapped.lines)) == letters(clean(text))
