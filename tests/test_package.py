"""The package surface: light import, typed, every public name documented with an example."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import journeykit as jk
from journeykit import mining

HEAVY = [
    "graphviz",
    "svgwrite",
    "cairosvg",
    "narwhals",
    "polars",
    "pandas",
    "pyarrow",
    "duckdb",
    "networkx",
    "babel",
    "pyphen",
]


def test_import_loads_no_backend_or_dataframe_library() -> None:
    code = f"import sys, journeykit; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == ""


def printed(code: str) -> list[str]:
    """The lines ``code`` prints in a fresh Python, which has imported nothing yet."""
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return shown.stdout.splitlines()


def test_mining_polars_loads_no_file_format_or_numpy() -> None:
    # Each costs the start-up of every mining call; the hand-written Polars
    # query the benchmarks compare with imports none of them.
    code = (
        "import sys, polars as pl; from journeykit import mining;"
        "events = pl.DataFrame({'customer_id': [1, 1], 'event': ['a', 'b'], 'ts': [0, 1]});"
        "found = mining.discover(events.lazy()); print(found.variants[0].path);"
        "print(' '.join(m for m in ('yaml', 'cattrs', 'numpy', 'pandas') if m in sys.modules))"
    )
    assert printed(code) == ["('a', 'b')", ""]


def test_mining_loads_paths_segments_windows_and_annotate_on_first_use() -> None:
    # Mining a log does not pay for the path tables, segments, windows or annotation.
    code = (
        "import sys, polars as pl; from journeykit import mining;"
        "mining.discover(pl.LazyFrame({'customer_id': [1], 'event': ['a'], 'ts': [0]}));"
        "late = ('_annotate', '_from_paths', '_path_table', '_segments', '_windows');"
        "print(' '.join(m for m in late if f'journeykit.mining.{m}' in sys.modules));"
        "print(mining.from_paths.__module__, mining.NO_SEGMENT == mining._segments.NO_SEGMENT)"
    )
    assert printed(code) == ["", "journeykit.mining._from_paths True"]
    assert {name: getattr(mining, name) for name in mining.__all__}  # every public name is there
    with pytest.raises(AttributeError, match=r"'journeykit\.mining' has no attribute 'nothing'"):
        mining.nothing  # noqa: B018


def test_variants_load_no_model_or_graph_until_a_journey_is_built() -> None:
    # The variants name touchpoints but build no journey: the model, the graph
    # and networkx are 0.04 s of every call's start-up that it need not pay.
    code = (
        "import sys, polars as pl; import journeykit as jk; from journeykit import mining;"
        "events = pl.LazyFrame({'customer_id': [1, 1], 'event': ['A b', 'C'], 'ts': [0, 1]});"
        "print(mining.variants(events)[0].path);"
        "late = ('journeykit.model', 'journeykit.graph', 'journeykit.mining._build', 'networkx');"
        "print(' '.join(m for m in late if m in sys.modules));"
        "print(jk.slugify('A b'), jk.Stage(name='X').id, mining.UNASSIGNED);"
        "print(' '.join(m for m in late if m in sys.modules))"
    )
    assert printed(code) == [
        "('a-b', 'c')",
        "",
        "a-b x Unassigned",
        "journeykit.model journeykit.graph journeykit.mining._build",
    ]


def test_py_typed_ships() -> None:
    assert (Path(jk.__file__).parent / "py.typed").exists()


def test_version() -> None:
    assert jk.__version__.count(".") == 2


@pytest.mark.parametrize("name", sorted(jk.__all__))
def test_public_names_are_documented_with_an_example(name: str) -> None:
    obj = getattr(jk, name)
    if name == "__version__":
        return
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    if inspect.isclass(obj) or inspect.isfunction(obj) or inspect.ismodule(obj):
        assert ">>>" in doc or "Examples" in doc, f"{name} has no example"


def test_unknown_attributes_fail_clearly() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        jk.nope  # noqa: B018


def test_submodules_load_on_first_use() -> None:
    assert importlib.import_module("journeykit.vocab") is jk.vocab
