"""Errors of the Terraform runner and how Terraform's own error text becomes one line."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_BOX = re.compile(r"^[│╷╵|\s]+")


class TerraformError(Exception):
    """Terraform could not be found, or one of its commands failed (exit code 2)."""


class UpstreamStateMissing(TerraformError):
    """A stack reads the state of a stack that was never applied (first deployment)."""


#: How Terraform (1.x, any backend) says a ``terraform_remote_state`` has no state yet.
REMOTE_STATE_MISSING = "Unable to find remote state"


class ManifestError(ValueError):
    """``manifest.json`` is missing or malformed, or a ``--stack`` is not in it."""


def summarize_terraform_error(stderr: str, stdout: str = "", limit: int = 300) -> str:
    """The first ``Error:`` of Terraform's output and its first detail line, on one line.

    Warnings (such as a missing CLI configuration file) are skipped. Falls back to the
    last non-empty line when Terraform printed no ``Error:`` block.
    """
    text = stderr + "\n" + stdout
    lines = [_BOX.sub("", _ANSI.sub("", raw)).rstrip() for raw in text.splitlines()]
    for i, line in enumerate(lines):
        if line.startswith("Error: "):
            summary = line[len("Error: "):].strip()
            detail: list[str] = []
            for nxt in lines[i + 1:]:
                if nxt.startswith(("Error: ", "Warning: ")):
                    break
                if not nxt.strip():
                    if detail:
                        break
                    continue
                detail.append(nxt.strip())
            text = summary + (": " + " ".join(detail) if detail else "")
            return _clip(text, limit)
    rest = [line.strip() for line in lines if line.strip()]
    return _clip(rest[-1], limit) if rest else "no output"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
