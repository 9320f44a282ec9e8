r"""Put the web page together: the poster, the toolbar, the panel, the data, the script, the style.

Everything is inline (script, style sheet, fonts as ``data:`` URIs), and a
``Content-Security-Policy`` in the page forbids everything else: the script
runs only because its SHA-256 hash is in the policy, and nothing may be
fetched but ``data:`` fonts and images (and, for the live preview, the page's
own event stream). Text from the journey reaches the page three ways, each
inert: escaped as HTML in the toolbar, escaped as XML in the poster, and as
JSON in a ``<script type="application/json">`` block whose ``<``, ``>``, ``&``
and line separators are written as ``\u`` escapes, so nothing in it can close
the block.

Examples
--------
>>> from journeykit.renderers.html._page import json_block, policy
>>> json_block({"name": "</script><b>&"})
'{"name":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
>>> policy("sha256-abc", live=False).split("; ")
["default-src 'none'", "script-src 'sha256-abc'", "style-src 'unsafe-inline'", 'img-src data:',
 'font-src data:', "base-uri 'none'", "form-action 'none'"]
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import attrs

from journeykit import i18n

__all__ = ["Controls", "json_block", "page", "policy", "script_hash"]

_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)
#: The fonts, by weight, and the characters they hold (as ``scripts/subset-fonts.py`` cuts them).
_FONTS = (("normal", "dejavu-sans.woff2"), ("bold", "dejavu-sans-bold.woff2"))
_RANGE = "U+0020-007E, U+00A0-017F, U+2000-206F, U+2190-21FF, U+2212, U+25A0-25CF, U+2715"


@functools.cache
def _asset(name: str) -> bytes:
    return resources.files("journeykit.renderers.html").joinpath(name).read_bytes()


@functools.cache
def _style() -> str:
    faces = "".join(
        '@font-face{font-family:"DejaVu Sans";font-style:normal;'
        f"font-weight:{weight};font-display:block;unicode-range:{_RANGE};"
        "src:url(data:font/woff2;base64,"
        f'{base64.b64encode(_asset(f"fonts/{name}")).decode("ascii")}) format("woff2")}}'
        for weight, name in _FONTS
    )
    return faces + "\n" + _asset("page.css").decode("utf-8")


def _script() -> str:
    return _asset("page.js").decode("utf-8")


def script_hash(script: str) -> str:
    """The policy's source for an inline script: ``sha256-`` and its hash in base64.

    Examples
    --------
    >>> script_hash("")
    'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def policy(script: str, *, live: bool) -> str:
    """The page's Content-Security-Policy: its one script, inline styles, ``data:`` fonts.

    ``script`` is the script's source (:func:`script_hash`); with ``live`` the
    page may also open its own event stream (``connect-src 'self'``).
    """
    parts = [
        "default-src 'none'",
        f"script-src '{script}'",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        *(["connect-src 'self'"] if live else []),
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(parts)


def json_block(data: Any) -> str:
    """``data`` as JSON that cannot end the ``<script>`` block it stands in (keys sorted)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_ESCAPES)


@attrs.frozen
class Controls:
    """What the toolbar offers: the lanes drawn, the curves to switch between, the filters.

    ``lanes`` and ``curves`` are ``(key, label)`` pairs; ``curve_kind`` is
    ``persona`` or ``state`` (the compared journeys) when there are curves;
    ``owners`` and ``channels`` are the values to filter by.
    """

    lanes: Sequence[tuple[str, str]]
    curves: Sequence[tuple[str, str]] = ()
    curve_kind: str = "persona"
    owners: Sequence[str] = ()
    channels: Sequence[str] = ()


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _select(id: str, label: str, every: str, options: Sequence[tuple[str, str]]) -> str:
    items = "".join(
        f'<option value="{_escape(value)}">{_escape(text)}</option>' for value, text in options
    )
    return (
        f'<label for="{id}">{_escape(label)}</label>'
        f'<select id="{id}"><option value="">{_escape(every)}</option>{items}</select>'
    )


def _toolbar(title: str, controls: Controls, words: Mapping[str, str]) -> str:
    lanes = "".join(
        f'<label><input type="checkbox" name="jk-lane" value="{_escape(key)}" checked> '
        f"{_escape(label)}</label>"
        for key, label in controls.lanes
    )
    parts = [
        f'<div class="jk-group" role="group" aria-label="{_escape(words["zoom_in"])}">'
        f'<button type="button" id="jk-zoom-out" title="{_escape(words["zoom_out"])} (\u2212)" '
        f'aria-label="{_escape(words["zoom_out"])}">\u2212</button>'
        f'<button type="button" id="jk-zoom-in" title="{_escape(words["zoom_in"])} (+)" '
        f'aria-label="{_escape(words["zoom_in"])}">+</button>'
        f'<button type="button" id="jk-fit" title="{_escape(words["fit_title"])}">'
        f"{_escape(words['fit'])}</button></div>",
        f'<details class="jk-lanes"><summary>{_escape(words["lanes"])}</summary>'
        f'<fieldset><legend class="jk-sr">{_escape(words["lanes"])}</legend>{lanes}</fieldset>'
        "</details>",
    ]
    if controls.curves:
        state = controls.curve_kind == "state"
        every = words["both"] if state else words["all_personas"]
        label = words["state"] if state else words["persona"]
        parts.append(
            f'<span class="jk-field">{_select("jk-curve", label, every, controls.curves)}</span>'
        )
    parts.append(
        f'<span class="jk-field"><label for="jk-search">{_escape(words["search"])}</label>'
        f'<input type="search" id="jk-search" autocomplete="off" '
        f'placeholder="{_escape(words["search_hint"])}"></span>'
    )
    for id, key, values in (
        ("jk-owner", "owner", controls.owners),
        ("jk-channel", "channel", controls.channels),
    ):
        if values:
            options = [(value, value) for value in values]
            parts.append(
                f'<span class="jk-field">{_select(id, words[key], words["all"], options)}</span>'
            )
    return (
        f'<header class="jk-bar"><h1 class="jk-title">{_escape(title)}</h1>'
        f'<div class="jk-controls" role="group" aria-label="{_escape(words["controls"])}">'
        f"{''.join(parts)}</div></header>"
    )


def _document(lang: str, title: str, body: str, data: Mapping[str, Any]) -> str:
    script = _script()
    live = bool(data.get("live"))
    return (
        f'<!DOCTYPE html>\n<html lang="{_escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        # The policy is the page's own words and a hash: nothing in it needs escaping.
        f'<meta http-equiv="Content-Security-Policy" '
        f'content="{policy(script_hash(script), live=live)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="journeykit">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{_escape(title)}</title>\n<style>{_style()}</style>\n</head>\n<body>\n"
        f"{body}\n"
        f'<script type="application/json" id="jk-data">{json_block(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def _banner(words: Mapping[str, str], message: str | None) -> str:
    hidden = "" if message else " hidden"
    return (
        f'<div id="jk-error" class="jk-error" role="alert"{hidden}>'
        f"<strong>{_escape(words['error'])}:</strong> "
        f'<span id="jk-error-text">{_escape(message or "")}</span></div>'
    )


def page(*, lang: str, title: str, svg: str, controls: Controls, data: Mapping[str, Any]) -> str:
    """The whole page: banner, toolbar, the poster ``svg``, the details panel, data and script."""
    words = i18n.section("page", lang)
    body = (
        f"{_banner(words, None)}\n{_toolbar(title, controls, words)}\n"
        '<main class="jk-main">'
        f'<div id="jk-map" class="jk-map" tabindex="0" role="region" '
        f'aria-label="{_escape(words["map"])}">{svg}</div>'
        '<aside id="jk-panel" class="jk-panel" role="region" aria-live="polite" '
        'aria-labelledby="jk-panel-title">'
        f'<h2 id="jk-panel-title">{_escape(words["details"])}</h2>'
        f'<div id="jk-panel-body"><p class="jk-hint">{_escape(words["hint"])}</p></div>'
        f'<p class="jk-keys">{_escape(words["keys"])}</p></aside></main>'
    )
    return _document(lang, title, body, data)


def error_document(message: str, *, lang: str, live: str | None) -> str:
    """A page that shows just the banner with ``message`` (and runs the live client)."""
    words = i18n.section("page", lang)
    return _document(lang, words["error"], _banner(words, message), {"live": live})
