"""One Checkov run over a whole model: stage, run, parse, verify coverage, make findings."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from policies.checkov.coverage import coverage_errors, coverage_notes
from policies.checkov.levels import level_of
from policies.checkov.results import CheckResult, parse_results
from policies.checkov.runner import CheckovError, run
from policies.checkov.staging import StagingError, stage
from policies.findings import Finding, Outcome
from policies.model import Model


def scan(model: Model, progress: Callable[[str], None] = lambda _m: None) -> list[CheckResult]:
    """Run Checkov once over every stack of ``model``; raises CheckovError on any doubt."""
    if not model.stacks:
        return []
    with tempfile.TemporaryDirectory(prefix="gate-checkov-") as tmp:
        root = Path(tmp)
        try:
            staged = stage(model, root)
        except (StagingError, OSError) as exc:
            raise CheckovError(f"cannot prepare Checkov's input: {exc}") from None
        frameworks = sorted({s.framework for s in staged})
        progress(f"running Checkov ({', '.join(frameworks)}) on {len(staged)} stacks")
        reports, _stderr = run(root, frameworks)
        results = parse_results(reports, {s.folder: s for s in staged})
    for note in coverage_notes(model, results):
        progress(note)
    errors = coverage_errors(model, results)
    if errors:
        raise CheckovError(errors[0] + (f" (and {len(errors) - 1} more)" if errors[1:] else ""))
    return results


def to_findings(results: list[CheckResult]) -> list[Finding]:
    """Failed (or source-skipped) results as findings with our severity and enforcement."""
    findings = []
    for r in results:
        if r.passed:
            continue
        severity, enforcement = level_of(r.check_id)
        message = r.name + (" (skipped by a checkov:skip comment: use waivers.toml)"
                            if r.skipped_in_source else "")
        findings.append(Finding(
            policy_id=r.check_id, source="checkov", resource=r.address, stack=r.stack,
            severity=severity, enforcement=enforcement, outcome=Outcome.FAILED,
            message=message, file=r.file, line=r.line,
        ))
    return findings
