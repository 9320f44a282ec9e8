"""The live preview's server on 127.0.0.1: its page, its event stream, its watcher, its stop."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeykit import _serve
from journeykit._serve import LivePreview
from journeykit._watched import WatchedMap
from tests._serve_support import (
    BROKEN_LINE,
    FIELD,
    Stream,
    broken,
    get,
    journey,
    map_file,
    port_is_free,
    preview,
    quick,
    reports,
    save,
    stream,
    wait_for,
)
from tests.strategies import texts

# The fixtures, used by name.
__all__ = ["map_file", "preview", "quick", "reports", "stream"]

pytestmark = pytest.mark.usefixtures("quick")


# -- the page ------------------------------------------------------------------------


def test_the_page_is_the_map(preview: LivePreview) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", preview.url)
    status, kind, body = get(preview.url)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert "First title" in body
    assert "/events?since=1" in body  # the client asks for what came after this page


def test_anything_else_is_not_found(preview: LivePreview) -> None:
    for path in ("favicon.ico", "map.yaml", "events/x", "../map.yaml"):
        assert get(preview.url + path)[0] == 404


def test_a_request_for_another_host_is_refused(preview: LivePreview) -> None:
    assert get(preview.url, host="evil.example:80")[0] == 403
    port = preview.url.rsplit(":", 1)[1].rstrip("/")
    assert get(preview.url, host=f"localhost:{port}")[0] == 200


def test_a_file_broken_from_the_start_shows_its_error(map_file: Path) -> None:
    map_file.write_text(broken("T"), encoding="utf-8")
    with LivePreview(WatchedMap(map_file), port=0).start() as running:
        assert running.error == (
            f"{map_file}:{BROKEN_LINE}: {FIELD}: must be between -2 and 2, got 7"
        )
        status, _, body = get(running.url)
        assert status == 200
        assert f"{map_file}:{BROKEN_LINE}: {FIELD}" in body
        assert 'id="jk-error"' in body


@given(st.one_of(texts, st.text()))
def test_an_event_is_one_event_whatever_the_message(message: str) -> None:
    """As EventSource reads it: lines end at CR, LF or CRLF; a blank line ends the event."""
    lines = re.split(r"\r\n|\r|\n", _serve._event("error", {"message": message}).decode())
    assert lines[0] == "event: error"
    assert lines[1].startswith("data: ")
    assert json.loads(lines[1][len("data: ") :]) == {"message": message}
    assert lines[2:] == ["", ""]


# -- changes -------------------------------------------------------------------------


def test_a_broken_save_keeps_the_last_good_map(map_file: Path, preview: LivePreview) -> None:
    map_file.write_text(broken("Second title"), encoding="utf-8")
    assert preview._map.refresh() == "error"
    body = get(preview.url)[2]
    assert "First title" in body
    assert "Second title" not in body
    assert preview.error is not None
    assert f"{map_file}:{BROKEN_LINE}: {FIELD}: must be between" in preview.error


def test_the_same_error_twice_is_one_event(map_file: Path, preview: LivePreview) -> None:
    map_file.write_text(broken("T"), encoding="utf-8")
    assert [preview._map.refresh() for _ in range(3)] == ["error", None, None]


def test_fixing_back_to_the_same_map_hides_the_error(
    map_file: Path, stream: Stream, preview: LivePreview
) -> None:
    text = map_file.read_text(encoding="utf-8")
    save(map_file, broken("T"))
    assert stream.next()[0] == "error"
    save(map_file, text)
    assert stream.next() == ("ok", {})
    assert preview._map.version == 1  # the page the browser has is the map: no reload


def test_a_save_reloads_every_client(map_file: Path, preview: LivePreview) -> None:
    streams = [Stream(f"{preview.url}events?since=1") for _ in range(3)]
    try:
        wait_for(lambda: preview.clients == 3)
        save(map_file, journey("Second title"))
        assert [s.next() for s in streams] == [("reload", {})] * 3
        assert "Second title" in get(preview.url)[2]
        assert "/events?since=2" in get(preview.url)[2]
    finally:
        for opened in streams:
            opened.close()


def test_a_broken_save_sends_the_error(map_file: Path, stream: Stream) -> None:
    save(map_file, broken("T"))
    name, data = stream.next()
    assert name == "error"
    assert data["message"].startswith(f"{map_file}:{BROKEN_LINE}: {FIELD}: ")
    save(map_file, journey("Fixed"))
    assert stream.next() == ("reload", {})


def test_a_page_older_than_the_map_is_told_to_reload(map_file: Path, preview: LivePreview) -> None:
    save(map_file, journey("Second title"))
    wait_for(lambda: preview._map.version == 2)
    late = Stream(f"{preview.url}events?since=1")
    try:
        assert late.next() == ("reload", {})
    finally:
        late.close()


def test_a_client_joining_a_broken_file_is_told_at_once(
    map_file: Path, preview: LivePreview
) -> None:
    map_file.write_text(broken("T"), encoding="utf-8")
    preview._map.refresh()
    late = Stream(f"{preview.url}events?since=1")
    try:
        name, data = late.next()
        assert name == "error"
        assert FIELD in data["message"]
    finally:
        late.close()


def test_a_deleted_file_shows_it_is_gone_and_comes_back(
    map_file: Path, stream: Stream, preview: LivePreview
) -> None:
    map_file.unlink()
    name, data = stream.next()
    assert (name, data["message"]) == ("error", f"{map_file}: no such file")
    assert "First title" in get(preview.url)[2]
    map_file.write_text(journey("Back again"), encoding="utf-8")
    assert stream.next() == ("reload", {})
    assert "Back again" in get(preview.url)[2]


def test_other_files_in_the_folder_are_ignored(map_file: Path, preview: LivePreview) -> None:
    (map_file.parent / "other.yaml").write_text(journey("Other"), encoding="utf-8")
    time.sleep(0.5)
    assert preview._map.version == 1
    assert "First title" in get(preview.url)[2]


def test_a_change_the_watcher_missed_is_seen(map_file: Path) -> None:
    watched = WatchedMap(map_file)
    watched.refresh()
    assert not watched.moved()
    map_file.write_text(journey("A longer second title"), encoding="utf-8")
    assert watched.moved()


def test_one_reading_at_a_time(map_file: Path) -> None:
    watched = WatchedMap(map_file)
    watched.refresh()
    map_file.write_text(journey("Second title"), encoding="utf-8")
    events: list[str | None] = []
    readers = [threading.Thread(target=lambda: events.append(watched.refresh())) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=10)
    assert sorted(events, key=str) == [None, None, None, "reload"]
    assert watched.version == 2


def test_nothing_is_written_to_disk(map_file: Path, preview: LivePreview) -> None:
    save(map_file, journey("Second title"))
    wait_for(lambda: preview._map.version == 2)
    get(preview.url)
    assert sorted(p.name for p in map_file.parent.iterdir()) == ["map.yaml"]


def test_the_command_line_reports_each_change(
    map_file: Path, preview: LivePreview, reports: list[str]
) -> None:
    save(map_file, broken("T"))
    wait_for(lambda: len(reports) == 1)
    save(map_file, journey("Second"))
    wait_for(lambda: len(reports) == 2)
    assert reports[0].startswith(f"{map_file}:{BROKEN_LINE}: {FIELD}")
    assert reports[1] == f"{map_file}: reloaded"


# -- stopping ------------------------------------------------------------------------


def test_stop_ends_the_streams_and_frees_the_port(map_file: Path) -> None:
    running = LivePreview(WatchedMap(map_file), port=0).start()
    port = int(running.url.rsplit(":", 1)[1].rstrip("/"))
    opened = Stream(f"{running.url}events")
    wait_for(lambda: running.clients == 1)
    assert not port_is_free(port)
    started = time.monotonic()
    running.stop()
    assert time.monotonic() - started < 3
    assert opened.ended()
    opened.close()
    assert running.clients == 0
    assert port_is_free(port)
    assert not [t for t in threading.enumerate() if t.name in ("jk-serve", "jk-watch")]
    running.stop()  # twice is harmless
