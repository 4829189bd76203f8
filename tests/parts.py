"""A real part a test needs (Chromium, Java) that this machine lacks."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def part_missing(reason: str) -> NoReturn:
    """Under CI=true the test fails: there everything it needs is installed and nothing may
    skip. On a developer machine without the part it skips, saying what to install."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"required under CI=true: {reason}")
    pytest.skip(reason)
