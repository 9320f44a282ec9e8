"""``journeykit serve``: its options, its warnings and errors, and Ctrl-C."""

from __future__ import annotations

import argparse
import socket
import sys
import webbrowser
from pathlib import Path
from typing import Any

import pytest

import journeykit as jk
from journeykit import _serve, _serve_cli
from journeykit._serve import LivePreview, exposed
from journeykit._watched import WatchedMap
from journeykit.cli import main
from tests._serve_support import get, map_file, port_is_free, quick

# The fixtures, used by name.
__all__ = ["map_file", "quick"]

pytestmark = pytest.mark.usefixtures("quick")


def test_ctrl_c_stops_cleanly(
    map_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, Any] = {}

    def interrupted(self: LivePreview) -> None:
        seen["url"] = self.url
        seen["page"] = get(self.url)
        raise KeyboardInterrupt

    monkeypatch.setattr(LivePreview, "wait", interrupted)
    opened: list[str] = []

    def browse(url: str) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", browse)
    code = main(["serve", str(map_file), "--port", "0"])
    out, err = capsys.readouterr()
    assert code == 0
    assert err == ""
    assert out.splitlines() == [f"serving {map_file} at {seen['url']} (Ctrl-C stops)", "stopped"]
    assert opened == [seen["url"]]
    assert seen["page"][0] == 200
    assert port_is_free(int(seen["url"].rsplit(":", 1)[1].rstrip("/")))


def test_sigterm_stops_with_its_exit_code(
    map_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journeykit.cli import _Stopped

    def terminated(self: LivePreview) -> None:
        raise _Stopped(15)

    monkeypatch.setattr(LivePreview, "wait", terminated)
    assert main(["serve", str(map_file), "--port", "0", "--no-open"]) == 128 + 15
    assert capsys.readouterr().out.endswith("stopped\n")


def test_the_host_is_this_machine_unless_told() -> None:
    parser = argparse.ArgumentParser()
    _serve_cli.add_arguments(parser)
    args = parser.parse_args(["map.yaml"])
    assert (args.host, args.port, args.open) == ("127.0.0.1", 8000, True)


@pytest.mark.parametrize(
    ("host", "visible"),
    [
        ("127.0.0.1", False),
        ("127.8.0.1", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.20", True),
        ("my-laptop.local", True),
    ],
)
def test_which_hosts_show_the_map_to_the_network(host: str, visible: bool) -> None:
    assert exposed(host) is visible


@pytest.fixture
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ask for another host, but listen on 127.0.0.1 all the same: tests use no other address."""
    asked: list[str] = []
    real = LivePreview

    def local(watched: WatchedMap, *, host: str, port: int, **rest: Any) -> LivePreview:
        asked.append(host)
        return real(watched, host="127.0.0.1", port=port, **rest)

    monkeypatch.setattr(_serve, "LivePreview", local)
    monkeypatch.setattr(_serve_cli, "LivePreview", local)
    monkeypatch.setattr(real, "wait", interrupt)
    return asked


def interrupt(_preview: LivePreview) -> None:
    raise KeyboardInterrupt


def test_another_host_is_warned_about(
    map_file: Path, only_loopback: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", str(map_file), "--host", "0.0.0.0", "--port", "0", "--no-open"]) == 0
    assert only_loopback == ["0.0.0.0"]
    assert capsys.readouterr().err == (
        "journeykit: warning: listening on 0.0.0.0: anyone on your network who can reach "
        "this machine can see the map\n"
    )


def test_the_python_api_warns_too(map_file: Path, only_loopback: list[str]) -> None:
    with (
        pytest.warns(UserWarning, match="anyone on your network"),
        jk.serve(map_file, host="0.0.0.0", port=0, open_browser=False) as running,
    ):
        assert get(running.url)[0] == 200
    assert only_loopback == ["0.0.0.0"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-map.yaml"], "no-such-map.yaml: no such file"),
        (["map.txt"], "no format for the file ending '.txt'"),
        (["map.yaml", "-O", "colour=red"], "the html renderer has no option 'colour'"),
        (["map.yaml", "--port", "70000"], "--port: must be"),
    ],
)
def test_errors_are_one_line_before_anything_starts(
    map_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(map_file.parent)
    (map_file.parent / "map.txt").write_text("", encoding="utf-8")
    assert main(["serve", *arguments, "--no-open"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"journeykit: error: {message}")
    assert err.count("\n") == 1


def test_a_port_in_use_is_a_clear_error(map_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(map_file), "--port", str(port), "--no-open"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"journeykit: error: cannot serve on 127.0.0.1 port {port}: ")
    assert "0 picks a free one" in err


def test_without_watchfiles_it_says_how_to_install_it(
    map_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    assert main(["serve", str(map_file), "--no-open"]) == 2
    assert capsys.readouterr().err == (
        "journeykit: error: the live preview needs watchfiles: pip install 'journeykit[serve]'\n"
    )


def test_the_sliders_pass_through(map_file: Path, only_loopback: list[str]) -> None:
    assert main(["serve", str(map_file), "--port", "0", "--no-open", "--touchpoints", "1"]) == 0
