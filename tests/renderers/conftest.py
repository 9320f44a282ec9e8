"""What the renderer tests share."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from journeykit import renderers


@pytest.fixture
def clean_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with nothing loaded or registered and leaves no trace."""
    monkeypatch.setattr(renderers, "_loaded", {})
    monkeypatch.setattr(renderers, "_registered", {})
    yield
    for module in ("jk_demo_plugin", "jk_broken_plugin", "jk_dup_plugin", "jk_old_plugin"):
        sys.modules.pop(module, None)
