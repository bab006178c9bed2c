"""Issue 8.6: the roles' trust and the workflows agree. Every job that assumes the plan role
runs in a workflow the plan role trusts; every job that assumes the apply role runs in the
apply workflow behind the apply environment (the ``sub`` the role pins). The construct's
defaults come from :mod:`modules.ci.subjects` (tests/modules/ci checks the synthesized trust)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ci.context import APPLY_ENVIRONMENT
from modules.ci.subjects import APPLY_WORKFLOW, PLAN_WORKFLOWS, PULL_REQUEST_WORKFLOWS

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"


def _role_jobs() -> list[tuple[str, str, Any]]:
    """(workflow file, role suffix, job) for every job step that assumes a CI role."""
    out = []
    for path in sorted(WORKFLOWS.glob("*.yml")):
        doc = YAML(typ="safe").load(path.read_text())
        for job in doc["jobs"].values():
            for step in job.get("steps", []):
                role = str((step.get("with") or {}).get("role-to-assume", ""))
                if role.endswith(("-ci-plan", "-ci-apply")):
                    out.append((path.name, role.rsplit("-", 1)[1], job))
    return out


def test_jobs_assume_roles_only_from_workflows_their_trust_names() -> None:
    jobs = _role_jobs()
    assert {(w, r) for w, r, _ in jobs} == {("apply.yml", "apply"), ("drift.yml", "plan"),
                                           ("pull-request.yml", "plan")}
    plan_ok = set(PLAN_WORKFLOWS) | set(PULL_REQUEST_WORKFLOWS)
    for workflow, role, job in jobs:
        if role == "plan":
            assert workflow in plan_ok
        else:
            assert workflow == APPLY_WORKFLOW
            assert job["environment"] == APPLY_ENVIRONMENT
