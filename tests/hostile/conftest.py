"""What the hostile tests share."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A FIFO named like a journey file."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    path = tmp_path / "map.yaml"
    os.mkfifo(path)
    return path
