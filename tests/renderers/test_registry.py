"""The renderer registry: built-ins, register(), and real plug-ins installed with pip."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest

import journeykit as jk
from journeykit import renderers
from journeykit.renderers.markdown import MarkdownRenderer

DEMO = '''
import attrs
from journeykit.renderers import Output, Renderer

class DemoRenderer(Renderer):
    """Prints the title, loudly if asked."""

    name = "demo"
    aliases = ("demonstration",)
    outputs = (Output(name="text", media_type="text/x-demo", extension=".demo"),)

    @attrs.frozen(kw_only=True)
    class Options:
        shout: bool = False

    def render(self, journey):
        text = "demo: " + journey.title
        return text.upper() if self.options.shout else text

NOT_A_RENDERER = 42
'''
OLD = '''
from journeykit.renderers import Renderer

class OldStyle(Renderer):
    """Declares its output with class attributes, as early journeykit did."""

    name = "old"
    extension = ".old"
    media_type = "text/plain"

    def render(self, journey):
        return journey.title
'''
BROKEN = 'raise ImportError("jk_broken_plugin needs libfrobnicate")\n'
OTHER = """
from journeykit.renderers import Renderer

class Other(Renderer):
    name = "demo"
    def render(self, journey):
        return "other"
"""


def _wheel(folder: Path, dist: str, module: str, code: str, points: dict[str, str]) -> Path:
    """Build a pure-Python wheel by hand: the package, its metadata and entry points."""
    info = f"{dist}-1.0.dist-info"
    entry_points = "[journeykit.renderers]\n" + "".join(f"{k} = {v}\n" for k, v in points.items())
    files = {
        f"{module}/__init__.py": code,
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
        f"{info}/entry_points.txt": entry_points,
    }
    record = []
    for name, text in files.items():
        digest = hashlib.sha256(text.encode()).digest()
        encoded = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        record.append(f"{name},sha256={encoded},{len(text.encode())}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    path = folder / f"{dist}-1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def _pip_install(target: Path, *wheels: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
            str(target),
            *map(str, wheels),
        ],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def plugins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder where pip installed two plug-in packages: a working one and a broken one."""
    build = tmp_path_factory.mktemp("wheels")
    target = tmp_path_factory.mktemp("site")
    demo = _wheel(
        build,
        "jk_demo_plugin",
        "jk_demo_plugin",
        DEMO,
        {
            "demo": "jk_demo_plugin:DemoRenderer",
            "notarenderer": "jk_demo_plugin:NOT_A_RENDERER",
            "markdown": "jk_demo_plugin:DemoRenderer",  # built-ins win over plug-ins
        },
    )
    broken = _wheel(
        build,
        "jk_broken_plugin",
        "jk_broken_plugin",
        BROKEN,
        {
            "broken": "jk_broken_plugin:Anything",
        },
    )
    old = _wheel(build, "jk_old_plugin", "jk_old_plugin", OLD, {"old": "jk_old_plugin:OldStyle"})
    _pip_install(target, demo, broken, old)
    return target


@pytest.fixture
def installed(plugins: Path, monkeypatch: pytest.MonkeyPatch, clean_registry: None) -> Path:
    monkeypatch.syspath_prepend(str(plugins))
    return plugins


JOURNEY = jk.Journey(title="Buying flowers", stages=[jk.Stage(name="Buy", touchpoints=["Pays"])])


def test_the_plugin_is_really_installed(installed: Path) -> None:
    assert (installed / "jk_demo_plugin-1.0.dist-info" / "entry_points.txt").is_file()
    assert (installed / "jk_demo_plugin" / "__init__.py").is_file()


def test_plugins_are_listed_without_being_imported(installed: Path) -> None:
    names = renderers.available()
    assert {"demo", "broken", "notarenderer", "markdown", "graphviz"} <= set(names)
    assert names == sorted(names)
    assert "jk_demo_plugin" not in sys.modules
    assert "jk_broken_plugin" not in sys.modules
    assert "jk_old_plugin" not in sys.modules


def test_a_plugin_loads_when_first_asked_for(installed: Path) -> None:
    cls = renderers.get("demo")
    assert "jk_demo_plugin" in sys.modules
    assert cls.__module__ == "jk_demo_plugin"
    assert jk.render(JOURNEY, "demo") == "demo: Buying flowers"
    assert jk.render(JOURNEY, "demo", shout=True) == "DEMO: BUYING FLOWERS"
    assert renderers.get("demo") is cls  # loaded once, then cached


def test_a_plugin_option_that_does_not_exist_lists_the_options(installed: Path) -> None:
    with pytest.raises(
        jk.JourneyError, match="the demo renderer has no option 'colour'; its options: shout"
    ):
        jk.render(JOURNEY, "demo", colour="red")


def test_a_misspelt_option_gets_a_suggestion() -> None:
    with pytest.raises(jk.ValidationError, match=r"transitions; did you mean 'width'\?$"):
        jk.render(JOURNEY, "grid", widht=1200)


def test_a_broken_plugin_fails_clearly_and_alone(installed: Path) -> None:
    with pytest.raises(
        jk.RenderError,
        match=r"the renderer plug-in 'broken' \(jk_broken_plugin:Anything\) failed to load: "
        r"ImportError: jk_broken_plugin needs libfrobnicate",
    ):
        renderers.get("broken")
    # The others still work, and the broken one is still listed.
    assert jk.render(JOURNEY, "demo") == "demo: Buying flowers"
    assert str(jk.render(JOURNEY, "markdown")).startswith("# Buying flowers")
    assert "broken" in renderers.available()


def test_a_plugin_that_is_not_a_renderer_fails_clearly(installed: Path) -> None:
    with pytest.raises(jk.RenderError, match=r"'notarenderer' .* is not a Renderer subclass"):
        renderers.get("notarenderer")


def test_builtins_win_over_plugins_of_the_same_name(installed: Path) -> None:
    assert renderers.get("markdown") is MarkdownRenderer
    assert "jk_demo_plugin" not in sys.modules


def test_a_plugin_extension_picks_it_for_a_file_once_loaded(installed: Path) -> None:
    with pytest.raises(jk.NotFoundError, match=r"no renderer for the file 'MAP\.DEMO'"):
        renderers.get_for_filename("MAP.DEMO")
    renderers.get("demo")
    cls, options = renderers.get_for_filename("MAP.DEMO")
    assert cls.name == "demo"
    assert options == {}


def test_a_plugin_alias_works_once_it_is_loaded(installed: Path) -> None:
    # Aliases are read from the class, so an unloaded plug-in answers to its name only.
    with pytest.raises(jk.NotFoundError, match="no renderer 'demonstration'"):
        renderers.get("demonstration")
    cls = renderers.get("demo")
    assert renderers.get("demonstration") is cls
    assert jk.render(JOURNEY, "demonstration") == "demo: Buying flowers"
    assert "jk_broken_plugin" not in sys.modules  # looking up aliases loads nothing else


def test_a_plugin_declaring_the_old_way_fails_clearly(installed: Path) -> None:
    with pytest.raises(
        jk.RenderError,
        match=r"the renderer plug-in 'old' \(jk_old_plugin:OldStyle\) failed to load: RenderError: "
        r"the old renderer sets extension, media_type: declare its outputs instead",
    ):
        renderers.get("old")
    assert jk.render(JOURNEY, "demo") == "demo: Buying flowers"


def test_two_packages_offering_one_name_warn_and_the_first_wins(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    _pip_install(
        other,
        _wheel(
            tmp_path,
            "jk_dup_plugin",
            "jk_dup_plugin",
            OTHER,
            {
                "demo": "jk_dup_plugin:Other",
            },
        ),
    )
    monkeypatch.syspath_prepend(str(other))
    with pytest.warns(UserWarning, match="two packages offer the renderer 'demo'"):
        cls = renderers.get("demo")
    # sys.path order decides which package importlib.metadata finds first.
    assert cls.__module__ == "jk_dup_plugin"
    with pytest.warns(UserWarning, match="two packages offer"):
        assert "demo" in renderers.available()


def test_without_the_plugins_they_are_gone(clean_registry: None) -> None:
    assert "demo" not in renderers.available()
    with pytest.raises(jk.NotFoundError, match=r"no renderer 'demo'; known: .*'markdown'"):
        renderers.get("demo")


# -- the registry itself -------------------------------------------------------


@pytest.mark.usefixtures("clean_registry")
class TestRegister:
    class Titles(renderers.Renderer):
        name = "titles"
        outputs = (renderers.Output(name="text", media_type="text/plain", extension=".titles"),)

        @attrs.frozen(kw_only=True)
        class Options:
            separator: str = "\n"

        def render(self, journey: jk.Journey) -> str:
            separator: str = self.options.separator
            return separator.join(t.name for t in journey.touchpoints)

    class Tables(renderers.Renderer):
        """Two outputs: text, or the same as UTF-8 bytes."""

        name = "tables"
        aliases = ("tt2",)
        outputs = (
            renderers.Output(name="text", media_type="text/plain", extension=".tt"),
            renderers.Output(
                name="bytes",
                media_type="application/octet-stream",
                extension=".ttb",
                binary=True,
                filenames=(".ttb", ".tt.bin"),
            ),
        )

        @attrs.frozen(kw_only=True)
        class Options:
            output: str = "text"

        def render(self, journey: jk.Journey) -> str | bytes:
            text = journey.title
            return text.encode() if self.options.output == "bytes" else text

    def test_register_render_unregister(self) -> None:
        renderers.register("titles", self.Titles)
        assert "titles" in renderers.available()
        assert jk.render(JOURNEY, "titles", separator=", ") == "Pays"
        renderers.unregister("titles")
        assert "titles" not in renderers.available()
        with pytest.raises(jk.NotFoundError, match="no renderer 'titles'"):
            jk.render(JOURNEY, "titles")

    def test_builtin_names_and_aliases_cannot_be_taken(self) -> None:
        for name in ("markdown", "md", "graphviz", "dot"):
            with pytest.raises(jk.JourneyError, match=f"'{name}' is a built-in renderer"):
                renderers.register(name, self.Titles)

    def test_only_renderer_classes_register(self) -> None:
        with pytest.raises(jk.JourneyError, match="must be a subclass of Renderer, got 'x'"):
            renderers.register("x", "x")  # type: ignore[arg-type]

    def test_render_takes_a_journey(self) -> None:
        with pytest.raises(jk.ValidationError, match="journey: must be a Journey, got dict"):
            jk.render({"title": "T"}, "markdown")  # type: ignore[arg-type]

    def test_a_registered_renderer_answers_to_its_aliases(self) -> None:
        renderers.register("tt", self.Tables)
        assert renderers.get("tt2") is self.Tables
        assert jk.render(JOURNEY, "tt2") == "Buying flowers"
        renderers.unregister("tt")
        with pytest.raises(jk.NotFoundError, match="no renderer 'tt2'"):
            renderers.get("tt2")

    @pytest.mark.parametrize(
        ("filename", "options"),
        [
            ("x.tt", {}),
            ("X.TTB", {"output": "bytes"}),
            ("x.tt.bin", {"output": "bytes"}),  # the longest ending that fits wins
        ],
    )
    def test_a_registered_renderer_answers_to_its_file_endings(
        self, filename: str, options: dict[str, str]
    ) -> None:
        renderers.register("tt", self.Tables)
        assert renderers.get_for_filename(filename) == (self.Tables, options)
        cls, implied = renderers.get_for_filename(filename)
        assert cls(**implied).output.binary == filename.lower().endswith(("ttb", "bin"))

    def test_builtin_endings_win_over_registered_ones(self) -> None:
        class Notes(renderers.Renderer):
            name = "notes"
            outputs = (renderers.Output(name="md", media_type="text/markdown", extension=".md"),)

            def render(self, journey: jk.Journey) -> str:
                return journey.title

        renderers.register("notes", Notes)
        assert renderers.get_for_filename("map.md") == (MarkdownRenderer, {})

    def test_a_builtin_alias_cannot_be_taken_by_a_class_alias(self) -> None:
        class Sneaky(renderers.Renderer):
            name = "sneaky"
            aliases = ("md",)

        with pytest.raises(jk.JourneyError, match="'md' is a built-in renderer"):
            renderers.register("sneaky", Sneaky)
