"""Find and run the Checkov program; return its parsed JSON reports or fail closed."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
#: Environment variable naming the Checkov executable.
CHECKOV_BIN_ENV = "CHECKOV_BIN"
DEFAULT_BIN = REPO / ".venv-checkov" / "bin" / "checkov"
#: Generous: Checkov takes ~6-10 s on our topology on a loaded 2-core machine.
TIMEOUT_SECONDS = 900


class CheckovError(Exception):
    """Checkov is missing, crashed, printed something unreadable or did not check everything."""


def checkov_bin() -> Path:
    """The Checkov executable: ``$CHECKOV_BIN`` or the repo's ``.venv-checkov/bin/checkov``."""
    configured = os.environ.get(CHECKOV_BIN_ENV)
    path = Path(configured) if configured else DEFAULT_BIN
    if not path.is_file() or not os.access(path, os.X_OK):
        raise CheckovError(f"Checkov not found at {path}; run make setup")
    return path


def command(root: Path, frameworks: Sequence[str]) -> list[str]:
    """The Checkov command line for a staged folder (no network, passed checks kept)."""
    return [
        str(checkov_bin()),
        "--directory", str(root),
        "--framework", *frameworks,
        "--output", "json",
        "--skip-download",
        "--skip-results-upload",
        "--soft-fail",
    ]


def run(root: Path, frameworks: Sequence[str]) -> tuple[list[dict[str, Any]], str]:
    """Checkov's reports for ``root``: from the content-addressed cache when the same staged
    files, command line, executable and Checkov version ran before, else :func:`run_checkov`.
    Only a successful run is cached; the caller verifies the reports either way."""
    from cache.keys import checkov_key
    from cache.store import load_json, store_json

    cmd = command(root, frameworks)
    key = checkov_key(root, cmd, checkov_bin())
    hit = load_json("checkov", key)
    if isinstance(hit, dict) and isinstance(hit.get("reports"), list):
        return hit["reports"], str(hit.get("stderr", ""))
    reports, stderr = run_checkov(root, frameworks)
    store_json("checkov", key, {"reports": reports, "stderr": stderr})
    return reports, stderr


def run_checkov(root: Path, frameworks: Sequence[str]) -> tuple[list[dict[str, Any]], str]:
    """Run Checkov on ``root``; returns one JSON report per framework and its stderr.

    ``--soft-fail`` makes Checkov exit 0 whatever it finds, so any other exit status is
    a crash. Its exit status is never trusted on its own: the caller reads the reports.
    """
    env = dict(os.environ)
    # No network: no severity mapping download, no PyPI version check.
    env.update({"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true",
                "LOG_LEVEL": "WARNING"})
    try:
        proc = subprocess.run(
            command(root, frameworks), capture_output=True, text=True, env=env,
            timeout=TIMEOUT_SECONDS, check=False,
        )
    except OSError as exc:
        raise CheckovError(f"cannot run Checkov at {checkov_bin()}: {exc.strerror}") from None
    except subprocess.TimeoutExpired:
        raise CheckovError(f"Checkov did not finish within {TIMEOUT_SECONDS} s") from None
    if proc.returncode != 0:
        raise CheckovError(
            f"Checkov exited with status {proc.returncode}: {last_line(proc.stderr or proc.stdout)}"
        )
    return parse_reports(proc.stdout), proc.stderr


def parse_reports(stdout: str) -> list[dict[str, Any]]:
    """Checkov's ``-o json`` output as a list of per-framework reports."""
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError as exc:
        raise CheckovError(
            f"Checkov printed no valid JSON ({exc.msg} at line {exc.lineno}): "
            f"{last_line(stdout)}"
        ) from None
    if isinstance(data, dict) and "results" not in data and "passed" in data:
        return []  # Checkov's answer when it found no file of the frameworks at all
    reports = data if isinstance(data, list) else [data]
    for report in reports:
        if not (isinstance(report, dict) and isinstance(report.get("results"), dict)
                and isinstance(report.get("summary"), dict)):
            raise CheckovError("Checkov's JSON has no results/summary (not a scan report)")
    return reports


def last_line(text: str) -> str:
    """The last non-empty line of ``text`` (shortened), for one-line error messages."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"
