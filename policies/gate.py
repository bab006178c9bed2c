"""The gate as one plain function: load, run Checkov and our policies, apply waivers.

:func:`run_gate` never raises for bad input or a failing tool: it returns a
:class:`GateResult` whose ``errors`` say what went wrong, and whose ``exit_code`` is
0 (clean), 1 (an unwaived blocking finding) or 2 (trouble). It fails closed: a loader
error, Checkov missing, crashing, printing non-JSON, failing to parse a file or checking
another set of resources than our model holds, an unreadable severity table, or a
malformed waiver file or waiver, is exit 2; a part of the input the loader could not read
(an offline module) and a policy that raised become unknown findings, never a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from policies.findings import Enforcement, Finding, Outcome, Severity
from policies.waivers import (
    Waiver,
    WaiverFileError,
    WaiverIssue,
    apply_waivers,
    load_waivers,
)

SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}


@dataclass(frozen=True)
class GateResult:
    """Everything a report needs about one gate run."""

    findings: tuple[Finding, ...] = ()
    """Failed/unknown results after waivers, sorted by severity, stack, resource, policy."""
    waiver_issues: tuple[WaiverIssue, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    """The well-formed waivers that were read (reports show reason, owner, expiry)."""
    errors: tuple[str, ...] = ()
    """One-line reasons the gate could not decide (any -> exit 2)."""
    inputs: tuple[str, ...] = ()
    stacks: tuple[str, ...] = ()
    resources: int = 0
    checkov_ran: bool = False
    checkov_skipped: bool = False
    """True when the caller turned Checkov off: not a full gate, reports say so loudly."""
    checkov_checks: int = 0
    """Checkov results (passed + failed) that were read."""
    checkov_failed: bool = False
    """True when Checkov was called and failed (missing, crashed, parse errors, coverage)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def checkov_status(self) -> str:
        """What Checkov did: ``scanned`` (it ran and checks were read), ``scanned-nothing``
        (it ran, but the input held nothing it checks), ``skipped`` (turned off), ``failed``
        (called and failed) or ``not-run`` (the gate stopped before it, e.g. bad input)."""
        if self.checkov_skipped:
            return "skipped"
        if self.checkov_failed:
            return "failed"
        if self.checkov_ran:
            return "scanned" if self.checkov_checks > 0 else "scanned-nothing"
        return "not-run"

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """Findings that fail the gate."""
        return tuple(f for f in self.findings if f.blocks)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 blocking findings, 2 trouble (errors or malformed waivers)."""
        if self.errors or any(i.kind == "malformed" for i in self.waiver_issues):
            return 2
        return 1 if self.blocking else 0

    def counts(self) -> dict[str, int]:
        """Summary figures for reports."""
        by = Counter("waived" if f.waived else "blocking" if f.blocks else "advisory"
                     for f in self.findings)
        return {"findings": len(self.findings), "blocking": by["blocking"],
                "waived": by["waived"], "advisory": by["advisory"],
                "stacks": len(self.stacks), "resources": self.resources,
                "checkov_checks": self.checkov_checks,
                "waiver_issues": len(self.waiver_issues), "errors": len(self.errors)}


def sort_key(f: Finding) -> tuple[int, str, str, str, str]:
    """Most severe first, then stack, resource, policy."""
    return (SEVERITY_ORDER[f.severity], f.stack, f.resource, f.policy_id, f.message)


def hard_mandatory_ids() -> set[str]:
    """Policy ids (ours and Checkov's) whose findings cannot be waived."""
    from policies.catalog import POLICIES
    from policies.checkov.levels import load_levels

    ours = {p.id for p in POLICIES if p.enforcement is Enforcement.HARD_MANDATORY}
    theirs = {cid for cid, (_s, e) in load_levels().items() if e is Enforcement.HARD_MANDATORY}
    return ours | theirs


def unread_findings(model: Any) -> list[Finding]:
    """One blocking unknown finding per part of the input the loader could not read (a
    registry or git module offline): what was not read is never a pass."""
    return [Finding(policy_id="HAP_GATE_UNREAD", source="custom",
                    resource=line.split(":", 1)[0], stack=stack.name,
                    severity=Severity.HIGH, enforcement=Enforcement.SOFT_MANDATORY,
                    outcome=Outcome.UNKNOWN, message=line, file=stack.file)
            for stack in model.stacks for line in stack.unread]


#: What a sensitive value is replaced by in a finding's message.
SENSITIVE = "(sensitive value)"


def masked(found: list[Finding], secrets: frozenset[str]) -> list[Finding]:
    """``found`` with every sensitive string in a message replaced by :data:`SENSITIVE`
    (longest first, so a secret containing another is masked whole)."""
    if not secrets:
        return found
    order = sorted(secrets, key=len, reverse=True)
    out = []
    for f in found:
        message = f.message
        for secret in order:
            message = message.replace(secret, SENSITIVE)
        out.append(f if message == f.message else replace(f, message=message))
    return out


def run_gate(
    paths: Sequence[Path],
    *,
    waivers: Path | None,
    settings: Any = None,
    checkov: bool = True,
    progress: Callable[[str], None] = lambda _msg: None,
    today: date | None = None,
) -> GateResult:
    """Gate ``paths`` (synth folders, stack folders, .tf.json, .tf folders, plans)."""
    from policies.checkov import CheckovError, scan, to_findings
    from policies.checkov.inherited import hand_over
    from policies.checkov.levels import LevelsError
    from policies.engine import findings as our_findings
    from policies.loaders import LoadError, load_many

    inputs = tuple(str(p) for p in paths)
    try:
        waiver_set = load_waivers(waivers)
    except WaiverFileError as exc:
        return GateResult(errors=(str(exc),), inputs=inputs)
    except RecursionError:
        return GateResult(errors=(f"{waivers}: TOML nested too deeply",), inputs=inputs)
    progress(f"loading {', '.join(inputs)}")
    try:
        model = load_many(paths)
    except LoadError as exc:
        return GateResult(errors=(str(exc),), inputs=inputs)
    stacks = tuple(s.name for s in model.stacks)
    resources = sum(len(s.resources) for s in model.stacks)
    result = partial(GateResult, inputs=inputs, stacks=stacks, resources=resources,
                     checkov_skipped=not checkov)
    progress(f"loaded {resources} resources in {len(stacks)} stacks; running our policies")
    found = list(our_findings(model, settings)) + unread_findings(model)
    checkov_checks = 0
    if checkov:
        try:
            results = scan(model, progress)
            found += hand_over(to_findings(results), model)
        except (CheckovError, LevelsError) as exc:
            return result(errors=(str(exc),), checkov_failed=True)
        checkov_checks = len(results)
    found = masked(found, frozenset().union(*(s.sensitive for s in model.stacks)))
    try:
        hard = hard_mandatory_ids()
    except LevelsError as exc:  # Checkov's run (if any) is reported as it happened
        return result(errors=(str(exc),), checkov_ran=checkov, checkov_checks=checkov_checks)
    waived, issues = apply_waivers(found, waiver_set, today=today or date.today(),
                                   hard_mandatory=hard)
    waived.sort(key=sort_key)
    return result(findings=tuple(waived), waiver_issues=tuple(issues),
                  waivers=waiver_set.waivers,
                  checkov_ran=checkov, checkov_checks=checkov_checks)
