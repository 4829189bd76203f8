"""The layers of docs/adr/0010-layers.md hold: the import contract (import-linter, run by
`make lint` and CI) passes on the code, and fails on a copy with one upward import added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_code_keeps_its_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "sellerdesk",
        tmp_path / "sellerdesk",
        ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "corpus"),
    )
    # The accounts app reaching up into account health: the kind of import the contract stops.
    models = tmp_path / "sellerdesk" / "accounts" / "models.py"
    models.write_text(models.read_text() + "\nfrom sellerdesk.health import scoring  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "sellerdesk.accounts is not allowed to import sellerdesk.health" in result.stdout
    assert "sellerdesk.accounts.models -> sellerdesk.health.scoring" in result.stdout
