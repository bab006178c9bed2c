"""Waivers a pull request adds, changes or removes: base vs head ``waivers.toml``.

The PR comment lists them so a reviewer sees every switched-off check, not only the plan.
A waiver is identified by ``(policy_id, resource, stack)``; any other field that differs
(reason, owner, expiry) makes it "changed". ``python -m ci.waiver_diff --base B --head H``
prints the Markdown section (nothing when no waiver changed); a missing base file means
the PR adds the file. Unreadable TOML: one line, exit 2.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Key = tuple[str, str, str]


class WaiverFileError(ValueError):
    """A waivers file that cannot be read as TOML with ``[[waiver]]`` tables."""


@dataclass(frozen=True)
class WaiverChange:
    """One waiver that differs between base and head."""

    kind: str
    """``added``, ``changed`` or ``removed``."""
    policy_id: str
    """Policy the waiver switches off."""
    resource: str
    """Resource address or glob."""
    stack: str
    """Stack glob (empty: every stack)."""
    fields: tuple[str, ...]
    """For ``changed``: the fields that differ, sorted."""
    head: Mapping[str, Any]
    """The waiver in head (base for ``removed``)."""


def parse_waivers(text: str, source: str) -> dict[Key, dict[str, Any]]:
    """Waivers of a ``waivers.toml`` text by key; raises WaiverFileError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WaiverFileError(f"{source} is not valid TOML: {exc}") from None
    entries = data.get("waiver", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise WaiverFileError(f"{source}: 'waiver' must be an array of tables ([[waiver]])")
    out: dict[Key, dict[str, Any]] = {}
    for entry in entries:
        key = (str(entry.get("policy_id", "")), str(entry.get("resource", "")),
               str(entry.get("stack", "")))
        out[key] = {k: str(v) for k, v in entry.items()}
    return out


def diff_waivers(base: str, head: str) -> list[WaiverChange]:
    """Waivers added, changed or removed from ``base`` to ``head`` (TOML texts), sorted."""
    old, new = parse_waivers(base, "base waivers"), parse_waivers(head, "head waivers")
    changes: list[WaiverChange] = []
    for key in sorted(set(old) | set(new)):
        if key not in old:
            changes.append(WaiverChange("added", *key, (), new[key]))
        elif key not in new:
            changes.append(WaiverChange("removed", *key, (), old[key]))
        elif old[key] != new[key]:
            fields = tuple(sorted(f for f in set(old[key]) | set(new[key])
                                  if old[key].get(f) != new[key].get(f)))
            changes.append(WaiverChange("changed", *key, fields, new[key]))
    return changes


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("`", "'")


def to_markdown(changes: Sequence[WaiverChange]) -> str:
    """The PR-comment section (empty string when nothing changed)."""
    if not changes:
        return ""
    lines = ["<!-- waiver-changes -->", "### Waivers changed by this pull request", "",
             "Each of these switches a policy off; the platform team reviews them "
             "(CODEOWNERS).", "",
             "| change | policy | resource | stack | expires | owner | reason |",
             "|---|---|---|---|---|---|---|"]
    for c in changes:
        kind = c.kind + (f" ({', '.join(c.fields)})" if c.fields else "")
        lines.append(f"| {kind} | `{_cell(c.policy_id)}` | `{_cell(c.resource)}` | "
                     f"{_cell(c.stack) or 'any'} | {_cell(c.head.get('expires', ''))} | "
                     f"{_cell(c.head.get('owner', ''))} | {_cell(c.head.get('reason', ''))} |")
    return "\n".join(lines) + "\n"


def _read(path: Path, missing_ok: bool) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return ""
        raise WaiverFileError(f"waivers file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverFileError(f"cannot read {path}: {exc.__class__.__name__}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Markdown section for ``--base`` vs ``--head``."""
    parser = argparse.ArgumentParser(prog="python -m ci.waiver_diff", description=__doc__)
    parser.add_argument("--base", type=Path, required=True, help="waivers.toml of the base")
    parser.add_argument("--head", type=Path, required=True, help="waivers.toml of the PR")
    args = parser.parse_args(argv)
    try:
        changes = diff_waivers(_read(args.base, True), _read(args.head, False))
    except WaiverFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(to_markdown(changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
