"""What the rehearsal reads from Terraform: the error of a failed command, the addresses an
apply could not create, the resources of a state, the attributes a refresh found changed."""

from __future__ import annotations

import re
import subprocess
from typing import Any

from tfrunner.errors import summarize_terraform_error

_ERROR_ADDRESS = re.compile(r"with (\S+),")


def changed_attributes(change: dict[str, Any]) -> list[str]:
    """The top-level attributes whose value differs between a drift entry's ``before``
    (the state) and ``after`` (what the emulator returned); ``(deleted)`` when it is gone."""
    before, after = change.get("before") or {}, change.get("after")
    if after is None:
        return ["(deleted)"]
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def state_resources(module: dict[str, Any]) -> list[dict[str, Any]]:
    """Every resource of a ``terraform show -json`` module, its child modules' included."""
    found = list(module.get("resources", []))
    for child in module.get("child_modules", []):
        found += state_resources(child)
    return found


def first_error(proc: subprocess.CompletedProcess[str]) -> str:
    """Terraform's first error of ``proc`` on one line (the runner's summary)."""
    return summarize_terraform_error(proc.stderr, proc.stdout)


def failed_addresses(output: str) -> dict[str, str]:
    """Resource address -> the error that stopped it, from ``terraform apply`` output."""
    failed: dict[str, str] = {}
    error = ""
    for line in output.splitlines():
        if line.startswith("Error:"):
            error = line[len("Error:"):].strip()[:300]
        m = _ERROR_ADDRESS.search(line)
        if error and m and line.lstrip().startswith("with "):
            failed[m.group(1)] = error
            error = ""
    return failed
