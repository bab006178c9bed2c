"""Waivers: data, not comments. Load ``waivers.toml`` and apply it to findings.

Each ``[[waiver]]`` has ``policy_id`` (ours or one the installed Checkov knows), ``resource``
(one address, or an fnmatch glob within one resource type: ``aws_s3_bucket.*_logs``, never a
bare ``*`` nor a glob over types), optional ``stack`` (a glob), ``reason`` (at least
:data:`MIN_REASON` characters), ``owner`` and ``expires`` (a TOML date at most
:data:`MAX_DAYS` days after today; a top-level ``max_expiry_days`` may lower, never raise,
that horizon). A waiver waives through its expiry date inclusive. Reported problems:

- ``malformed``: missing or unknown keys, wrong types, a bad date, a short reason, a resource
  glob spanning types, an unknown policy id, an expiry too far ahead. A malformed waiver
  file is bad input: the gate exits 2 (a typo must not silently waive or un-waive).
- ``expired``: it no longer waives; its findings block again.
- ``refused``: it names a hard-mandatory policy, which cannot be waived.
- ``unused``: it matched no finding (stale: delete it).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from policies.findings import Enforcement, Finding

REQUIRED = {"policy_id": str, "resource": str, "reason": str, "owner": str, "expires": date}
OPTIONAL = {"stack": str}
#: The longest a waiver may run: expiry at most this many days after today.
MAX_DAYS = 90
#: The shortest acceptable reason, in characters.
MIN_REASON = 20
#: ``[module.<name>.]*[data.]<type>.<name glob>``: the type part is literal (no glob).
_ADDRESS = re.compile(r"^(?:module\.[^.*?\[\]]+\.)*(?:data\.)?[a-z][a-z0-9_]*\.[^.\s]+$")


class WaiverFileError(Exception):
    """The waiver file cannot be read or is not TOML."""


@dataclass(frozen=True)
class Waiver:
    """One entry of the waiver file."""

    policy_id: str
    resource: str
    """Address glob (fnmatch, case-sensitive)."""
    reason: str
    owner: str
    expires: date
    stack: str | None = None
    """Stack glob; None matches every stack."""
    entry: int = 0
    """1-based position in the file, for messages."""

    @property
    def id(self) -> str:
        """``<policy_id>:<resource glob>`` (``<policy_id>:<stack>/<resource>`` with a stack)."""
        where = f"{self.stack}/{self.resource}" if self.stack else self.resource
        return f"{self.policy_id}:{where}"

    def matches(self, finding: Finding) -> bool:
        """True when this waiver names ``finding``'s policy, resource and stack."""
        return (finding.policy_id == self.policy_id
                and fnmatchcase(finding.resource, self.resource)
                and (self.stack is None or fnmatchcase(finding.stack, self.stack)))


@dataclass(frozen=True)
class WaiverIssue:
    """A problem with one waiver."""

    kind: str
    """``malformed``, ``expired``, ``refused`` or ``unused``."""
    waiver: str
    """The waiver id, or ``entry N`` when it is too malformed to have one."""
    message: str


@dataclass(frozen=True)
class WaiverSet:
    """Waivers parsed from one file, with the malformed entries reported."""

    waivers: tuple[Waiver, ...]
    malformed: tuple[WaiverIssue, ...]
    path: str | None = None
    max_days: int = MAX_DAYS
    """Longest allowed expiry horizon (``max_expiry_days`` in the file, at most MAX_DAYS)."""


def load_waivers(path: Path | None) -> WaiverSet:
    """Parse ``path`` (None: no waivers); WaiverFileError when it is unreadable or not TOML."""
    if path is None:
        return WaiverSet((), ())
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WaiverFileError(f"waiver file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverFileError(f"cannot read waiver file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise WaiverFileError(f"waiver file {path} is not valid TOML: {exc}") from None
    return parse_waivers(raw, str(path))


def parse_waivers(raw: dict[str, Any], path: str | None = None) -> WaiverSet:
    """Waivers from parsed TOML; malformed entries become issues, not exceptions."""
    issues: list[WaiverIssue] = []
    extra_top = sorted(set(raw) - {"waiver", "max_expiry_days"})
    if extra_top:
        issues.append(WaiverIssue("malformed", "file", f"unknown top-level keys: {extra_top}"))
    max_days = raw.get("max_expiry_days", MAX_DAYS)
    if type(max_days) is not int or not 1 <= max_days <= MAX_DAYS:
        issues.append(WaiverIssue("malformed", "file", "max_expiry_days must be an integer "
                                  f"from 1 to {MAX_DAYS}, got {max_days!r}"))
        max_days = MAX_DAYS
    entries = raw.get("waiver", [])
    if not isinstance(entries, list):
        entries = []
        issues.append(WaiverIssue("malformed", "file", "use [[waiver]] tables"))
    waivers = []
    for number, entry in enumerate(entries, start=1):
        problem = _problem(entry)
        if problem:
            issues.append(WaiverIssue("malformed", f"entry {number}", problem))
            continue
        waivers.append(Waiver(entry["policy_id"], entry["resource"], entry["reason"],
                              entry["owner"], entry["expires"], entry.get("stack"), number))
    return WaiverSet(tuple(waivers), tuple(issues), path, max_days)


def _problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return "not a table"
    unknown = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        return f"unknown keys {unknown}"
    missing = sorted(set(REQUIRED) - set(entry))
    if missing:
        return f"missing {missing}"
    for key, kind in {**REQUIRED, **OPTIONAL}.items():
        value = entry.get(key)
        if value is None:
            continue
        # TOML datetimes are date subclasses: an expiry is a plain date (2026-06-30).
        if kind is date and (type(value) is not date):
            return f"expires must be a TOML date like 2026-06-30, got {value!r}"
        if kind is str and (not isinstance(value, str) or not value.strip()):
            return f"{key} must be a non-empty string"
    if len(entry["reason"].strip()) < MIN_REASON:
        return f"reason must be at least {MIN_REASON} characters, got {entry['reason']!r}"
    if not _ADDRESS.match(entry["resource"]):
        return (f"resource {entry['resource']!r} must be one address or a glob within one "
                "resource type (like aws_s3_bucket.*_logs), not a bare * nor a glob over types")
    return None


def known_policy_ids() -> frozenset[str]:
    """Ids a waiver may name: ours and every check the installed Checkov knows."""
    from policies.catalog import POLICIES
    from policies.checkov.known_ids import known_checkov_ids

    return frozenset(p.id for p in POLICIES) | known_checkov_ids()


def _checked_problem(w: Waiver, today: date, max_days: int,
                     known_ids: Collection[str]) -> str | None:
    """What makes ``w`` malformed against today's date and the ids we know, if anything."""
    if w.policy_id not in known_ids:
        return (f"unknown policy id {w.policy_id!r}: neither one of ours nor a check the "
                "installed Checkov knows")
    horizon = today + timedelta(days=max_days)
    if w.expires > horizon:
        return (f"expires {w.expires.isoformat()} is more than {max_days} days ahead "
                f"(latest {horizon.isoformat()})")
    return None


def apply_waivers(
    findings: Iterable[Finding],
    waivers: WaiverSet,
    *,
    today: date,
    hard_mandatory: Collection[str] = (),
    known_ids: Collection[str] | None = None,
) -> tuple[list[Finding], list[WaiverIssue]]:
    """Mark waived findings; report malformed, expired, refused and unused waivers.

    A waiver on a policy in ``hard_mandatory`` (or matching a hard-mandatory finding) is
    refused. A waiver whose id is not in ``known_ids`` (when given) or whose expiry lies more
    than the file's horizon after ``today`` is malformed; ``known_ids`` defaults to
    :func:`known_policy_ids` (ours and the installed Checkov's). The first live waiver that matches
    a finding (file order) waives it.
    """
    issues = list(waivers.malformed)
    if known_ids is None:
        known_ids = known_policy_ids()
    live: list[Waiver] = []
    for w in waivers.waivers:
        problem = _checked_problem(w, today, waivers.max_days, known_ids)
        if problem:
            issues.append(WaiverIssue("malformed", w.id, problem))
        elif w.policy_id in hard_mandatory:
            issues.append(WaiverIssue("refused", w.id, f"{w.policy_id} is hard-mandatory "
                                      "and cannot be waived"))
        elif w.expires < today:
            issues.append(WaiverIssue("expired", w.id, f"expired on {w.expires.isoformat()} "
                                      f"(owner {w.owner}); its findings block again"))
        else:
            live.append(w)
    used: set[int] = set()
    refused: set[int] = set()
    out = []
    for finding in findings:
        waiver = next((w for w in live if w.matches(finding)), None)
        if waiver is not None and finding.enforcement is Enforcement.HARD_MANDATORY:
            if waiver.entry not in refused:
                refused.add(waiver.entry)
                issues.append(WaiverIssue("refused", waiver.id, f"{finding.policy_id} is "
                                          "hard-mandatory and cannot be waived"))
            waiver = None
        if waiver is not None:
            used.add(waiver.entry)
            finding = replace(finding, waived=True, waiver=waiver.id)
        out.append(finding)
    issues.extend(WaiverIssue("unused", w.id, "matches no finding; delete it")
                  for w in live if w.entry not in used and w.entry not in refused)
    return out, issues
