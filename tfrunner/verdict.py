"""Gate verdicts bound to one plan file: written by ``plan``, verified by ``apply``.

A verdict is ``<workdir>/<stack>/<stack>.verdict.json`` next to the saved plan. It records
the plan file's SHA-256, the stack, the git commit the plan was made from and the gate
result. ``apply`` runs a plan only when a verdict exists for exactly that file (same bytes,
same stack) and says the gate passed. When ``$TFRUNNER_VERDICT_KEY`` is set (a CI secret),
the verdict also carries an HMAC-SHA256 over its fields and ``apply`` requires it to match,
so a verdict cannot be forged by whoever can write the plan artifact.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tfrunner.errors import TerraformError

VERSION = 1
KEY_ENV = "TFRUNNER_VERDICT_KEY"
_FIELDS = ("version", "stack", "plan_file", "plan_sha256", "commit", "gate_exit_code",
           "passed")


class VerdictError(TerraformError):
    """No usable verdict allows this plan to be applied (exit code 2)."""


@dataclass(frozen=True)
class Verdict:
    """The gate's decision on one saved plan."""

    version: int
    """Format version of this record (1)."""
    stack: str
    """Stack the plan belongs to."""
    plan_file: str
    """File name of the saved plan (``<stack>.tfplan``)."""
    plan_sha256: str
    """SHA-256 (hex) of the saved plan's bytes."""
    commit: str
    """Git commit the plan was made from (``$GITHUB_SHA`` or ``git rev-parse HEAD``)."""
    gate_exit_code: int
    """The gate's exit code for this stack (0 clean, 1 findings, 2 trouble)."""
    passed: bool
    """True only when the gate ran and found nothing blocking (exit 0)."""


def verdict_path(plan_file: Path) -> Path:
    """Where the verdict of ``plan_file`` lives (``x.tfplan`` -> ``x.verdict.json``)."""
    return plan_file.with_name(plan_file.name.removesuffix(".tfplan") + ".verdict.json")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def current_commit(cwd: Path | None = None) -> str:
    """``$GITHUB_SHA``, else ``git rev-parse HEAD``, else ``unknown``."""
    sha = os.environ.get("GITHUB_SHA", "").strip()
    if sha:
        return sha
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def _signature(fields: dict[str, Any], key: str) -> str:
    canonical = json.dumps({k: fields[k] for k in _FIELDS}, sort_keys=True,
                           separators=(",", ":"))
    return hmac.new(key.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def write_verdict(stack: str, plan_file: Path, gate_exit_code: int, commit: str) -> Path:
    """Record the gate's verdict on ``plan_file``; returns the verdict's path."""
    verdict = Verdict(VERSION, stack, plan_file.name, sha256_of(plan_file), commit,
                      gate_exit_code, gate_exit_code == 0)
    record: dict[str, Any] = asdict(verdict)
    key = os.environ.get(KEY_ENV, "")
    if key:
        record["hmac_sha256"] = _signature(record, key)
    path = verdict_path(plan_file)
    path.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerdictError(f"refusing to apply: no gate verdict {path.name} for the plan "
                           "(run `python main.py plan` and let the gate pass)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VerdictError(f"refusing to apply: unreadable gate verdict {path}: "
                           f"{exc.__class__.__name__}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION \
            or any(k not in data for k in _FIELDS):
        raise VerdictError(f"refusing to apply: {path} is not a gate verdict (version "
                           f"{VERSION} with {', '.join(_FIELDS)})")
    return data


def verify_verdict(stack: str, plan_file: Path, *, expect_commit: str | None = None) -> Verdict:
    """The verdict that allows applying ``plan_file`` for ``stack``; VerdictError otherwise."""
    path = verdict_path(plan_file)
    data = _load(path)
    key = os.environ.get(KEY_ENV, "")
    if key:
        given = data.get("hmac_sha256")
        if not isinstance(given, str) or not hmac.compare_digest(given, _signature(data, key)):
            raise VerdictError(f"refusing to apply {stack}: the verdict's signature does not "
                               f"match (${KEY_ENV})")
    if data["stack"] != stack:
        raise VerdictError(f"refusing to apply {stack}: the verdict is for stack "
                           f"{data['stack']!r}")
    if data["plan_file"] != plan_file.name:
        raise VerdictError(f"refusing to apply {stack}: the verdict is for plan file "
                           f"{data['plan_file']!r}, not {plan_file.name!r}")
    if data["plan_sha256"] != sha256_of(plan_file):
        raise VerdictError(f"refusing to apply {stack}: {plan_file.name} changed since the "
                           "gate judged it (SHA-256 differs)")
    if data["passed"] is not True or data["gate_exit_code"] != 0:
        raise VerdictError(f"refusing to apply {stack}: the gate did not pass this plan "
                           f"(gate exit {data['gate_exit_code']})")
    if expect_commit is not None and data["commit"] != expect_commit:
        raise VerdictError(f"refusing to apply {stack}: the plan was made from commit "
                           f"{data['commit']}, expected {expect_commit}")
    return Verdict(**{k: data[k] for k in _FIELDS})
