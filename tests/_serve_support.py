"""What the live preview's tests share: journey files, saving as editors do, HTTP clients."""

from __future__ import annotations

import json
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from journeykit import _serve
from journeykit._serve import LivePreview
from journeykit._watched import WatchedMap

BROKEN_LINE = 8  # the line of the emotion in broken()
FIELD = "stages[0].touchpoints[0].emotion"


def journey(title: str) -> str:
    return (
        f"journeykit: 1\ntitle: {title}\nstages:\n  - name: Buy\n    touchpoints:\n"
        "      - name: Checks out\n        channel: web\n        emotion: 1\n"
    )


def broken(title: str) -> str:
    return journey(title).replace("emotion: 1", "emotion: 7")


def save(path: Path, text: str) -> None:
    """Save as editors do: write another file, then rename it over the first."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def get(url: str, host: str | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


class Stream:
    """A client of ``/events``, reading within a bounded number of lines and seconds."""

    def __init__(self, url: str) -> None:
        self.answer = urllib.request.urlopen(url, timeout=5)

    def next(self, seconds: float = 5.0) -> tuple[str, Any]:
        end = time.monotonic() + seconds
        name = None
        for _ in range(500):
            assert time.monotonic() < end, "no event in time"
            line = self.answer.readline().decode("utf-8")
            assert line, "the stream ended"
            if line.startswith("event: "):
                name = line[len("event: ") : -1]
            elif line.startswith("data: ") and name is not None:
                return name, json.loads(line[len("data: ") :])
        raise AssertionError("no event in 500 lines")

    def ended(self, seconds: float = 5.0) -> bool:
        end = time.monotonic() + seconds
        for _ in range(500):
            if time.monotonic() > end:
                return False
            if not self.answer.readline():
                return True
        return False

    def close(self) -> None:
        self.answer.close()


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep-alive comments often, so that a reader waiting for an event checks its clock."""
    monkeypatch.setattr(_serve._Server, "keepalive", 0.2)


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(journey("First title"), encoding="utf-8")
    return path


@pytest.fixture
def reports() -> list[str]:
    return []


@pytest.fixture
def preview(map_file: Path, reports: list[str]) -> Iterator[LivePreview]:
    running = LivePreview(WatchedMap(map_file), port=0, report=reports.append).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def stream(preview: LivePreview) -> Iterator[Stream]:
    opened = Stream(f"{preview.url}events")
    yield opened
    opened.close()


def port_is_free(port: int) -> bool:
    """Whether a server can listen on the port again (as a new preview would, SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True


def wait_for(condition: Any, seconds: float = 5.0) -> None:
    end = time.monotonic() + seconds
    for _ in range(1000):
        if condition():
            return
        assert time.monotonic() < end, "not in time"
        time.sleep(0.01)
    raise AssertionError("not in 1000 looks")
