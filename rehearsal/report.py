"""The rehearsal's report: per stack and per resource type, what planned and applied."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rehearsal.run import Report


def summary(report: Report) -> dict[str, Any]:
    """Plain data for JSON, tests and the benchmark."""
    planned: Counter[str] = Counter()
    applied: Counter[str] = Counter()
    for s in report.stacks:
        planned.update(s.planned)
        applied.update(s.applied)
    not_applied = {t: planned[t] - applied[t] for t in planned if applied[t] < planned[t]}
    drift_by_type: dict[str, set[str]] = {}
    for s in report.stacks:
        for entry in s.drift_attributes.values():
            drift_by_type.setdefault(entry["type"], set()).update(entry["attributes"])
    complete = bool(report.stacks) and all(
        s.phases.get("apply") == "ok" and s.phases.get("refresh") == "ok" and not s.drift
        for s in report.stacks) and all(report.drift_checks.values()) and len(
        report.drift_checks) == 3
    return {
        "stacks": {s.name: {"phases": s.phases, "planned": sum(s.planned.values()),
                            "applied": sum(s.applied.values()), "gate_exit": s.gate_exit,
                            "failed": s.failed, "drift_after_apply": s.drift,
                            "drift_attributes": s.drift_attributes,
                            "first_read_drift": s.first_read_drift,
                            "first_read_breaking": s.first_read_breaking}
                   for s in report.stacks},
        "planned": report.planned, "applied": report.applied,
        "applied_share": report.applied / report.planned if report.planned else 0.0,
        "not_applied_by_type": dict(sorted(not_applied.items())),
        "drift_after_apply_by_type": {t: sorted(a) for t, a in sorted(drift_by_type.items())},
        "drift_checks": report.drift_checks,
        "timings": {k: {"seconds": round(v[0], 1), "peak_mib": round(v[1], 1)}
                    for k, v in report.timings.items()},
        "complete": complete,
    }


def render_text(report: Report) -> str:
    """A readable report."""
    data = summary(report)
    lines = ["stack               validate plan  gate apply refresh  planned applied"]
    for name, s in data["stacks"].items():
        ph = s["phases"]
        lines.append(f"{name:<19} {ph.get('validate', '-'):<8} {ph.get('plan', '-'):<5} "
                     f"{s['gate_exit'] if s['gate_exit'] is not None else '-':<4} "
                     f"{'ok' if ph.get('apply') == 'ok' else 'FAIL':<5} "
                     f"{ph.get('refresh', '-'):<8} {s['planned']:>7} {s['applied']:>7}")
        for address, error in sorted(s["failed"].items()):
            lines.append(f"    not applied: {address}: {error}")
        for address in s["drift_after_apply"]:
            lines.append(f"    drift right after apply: {address}")
        for address, ids in sorted(s["first_read_breaking"].items()):
            lines.append(f"    first read's drift breaks a policy: {address}: {', '.join(ids)}")
    for t, attributes in data["drift_after_apply_by_type"].items():
        lines.append(f"drift right after apply on {t}: {', '.join(attributes)}")
    first = sum(len(s["first_read_drift"]) for s in data["stacks"].values())
    lines.append(f"first read after apply: {first} resources drifted, "
                 f"{sum(len(s['first_read_breaking']) for s in data['stacks'].values())} "
                 "of them judged policy-breaking by drift")
    lines.append(f"applied {data['applied']} of {data['planned']} planned resources "
                 f"({100 * data['applied_share']:.1f}%)")
    for t, n in data["not_applied_by_type"].items():
        lines.append(f"    {t}: {n} not applied")
    for label, ok in data["drift_checks"].items():
        lines.append(f"drift behind Terraform's back: {label}: "
                     f"{'flagged as policy-breaking' if ok else 'NOT FLAGGED'}")
    for phase, t in data["timings"].items():
        lines.append(f"phase {phase:<9} {t['seconds']:7.1f} s   "
                     f"peak child RSS {t['peak_mib']:7.1f} MiB")
    return "\n".join(lines)
