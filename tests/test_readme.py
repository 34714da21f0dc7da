"""The README is checked by tests: documented settings and commands must be the real ones."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sanctionwatch.settings import Settings

REPO = Path(__file__).resolve().parent.parent

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_and_every_documented_setting_exists() -> None:
    documented = set(re.findall(r"^\| `SANCTIONWATCH_([A-Z_]+)` \|", README, flags=re.MULTILINE))
    actual = {name.upper() for name in Settings.model_fields}
    assert documented == actual


def test_ci_runs_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)\s+#", quick_start, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.MULTILINE)


def test_every_command_in_the_readme_exists() -> None:
    mentioned = set(re.findall(r"sanctionwatch ([a-z]+)", README))
    mentioned -= {"reads", "does"}  # prose, not commands
    result = subprocess.run(
        [sys.executable, "-m", "sanctionwatch", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    listed = set(re.findall(r"^│ (\w+)\s", result.stdout, flags=re.MULTILINE))
    assert mentioned <= listed, f"README mentions commands the CLI lacks: {sorted(mentioned - listed)}"
