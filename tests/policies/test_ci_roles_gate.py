"""Issue 8.6 on our own CI roles: HAP_IAM_001 passes the generated plan and apply roles, and
fails as soon as one protection is taken out of the synthesized global stack (the boundary,
the environment and branch pins, the workflow pin, both self-modification denies)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from policies.catalog import get
from policies.engine import evaluate
from policies.findings import Outcome
from policies.loaders import load

pytestmark = pytest.mark.synth
Doc = dict[str, Any]
SUB = "token.actions.githubusercontent.com:sub"


def _global(root: Path) -> Path:
    manifest = json.loads((root / "manifest.json").read_text())
    for entry in manifest["stacks"].values():
        path = root / entry["synthesizedStackPath"]
        if "aws_iam_openid_connect_provider" in json.loads(path.read_text()).get("resource", {}):
            return path
    raise AssertionError("no stack creates the GitHub OIDC provider")


def _outcomes(root: Path) -> dict[str, tuple[Outcome, str]]:
    path = _global(root)
    results = evaluate(load(path.parent), policies=(get("HAP_IAM_001"),))
    return {r.resource: (r.outcome, r.message) for r in results}


def _roles(doc: Doc) -> dict[str, Doc]:
    roles: dict[str, Doc] = doc["resource"]["aws_iam_role"]
    return roles


def _named(doc: Doc, suffix: str) -> Doc:
    return next(b for b in _roles(doc).values() if str(b.get("name", "")).endswith(suffix))


def _set_sub(doc: Doc, suffix: str, sub: str) -> None:
    role = _named(doc, suffix)
    trust = json.loads(role["assume_role_policy"])
    trust["Statement"][0]["Condition"]["StringLike"][SUB] = sub
    role["assume_role_policy"] = json.dumps(trust)


def _no_boundary(doc: Doc) -> None:
    del _named(doc, "-ci-apply")["permissions_boundary"]


def _environment_only(doc: Doc) -> None:  # GitHub's default subject: no branch, no workflow
    _set_sub(doc, "-ci-apply", "repo:example-org/ha-platform:environment:production")


def _branch_only(doc: Doc) -> None:
    _set_sub(doc, "-ci-apply", "repo:example-org/ha-platform:ref:refs/heads/main:"
             "job_workflow_ref:example-org/ha-platform/.github/workflows/apply.yml@refs/heads/main")


def _plan_any_workflow(doc: Doc) -> None:
    _set_sub(doc, "-ci-plan", "repo:example-org/ha-platform:pull_request")


def _drop_deny(policy: Doc, sid: str) -> None:
    document = json.loads(policy["policy"])
    document["Statement"] = [s for s in document["Statement"] if s.get("Sid") != sid]
    policy["policy"] = json.dumps(document)


def _no_self_denies(doc: Doc) -> None:
    for policy in doc["resource"]["aws_iam_role_policy"].values():
        _drop_deny(policy, "NeverChangeTheCiRoles")
    for policy in doc["resource"]["aws_iam_policy"].values():
        _drop_deny(policy, "NeverChangeTheCiRoles")


def _statement(policy: Doc, sid: str) -> Doc | None:
    document = json.loads(policy["policy"])
    return next((s for s in document["Statement"] if s.get("Sid") == sid), None)


def _create_role_unconditioned(doc: Doc) -> None:
    """The apply role's CreateRole allow without its iam:PermissionsBoundary condition."""
    for policy in doc["resource"]["aws_iam_role_policy"].values():
        document = json.loads(policy["policy"])
        for stmt in document["Statement"]:
            if stmt.get("Sid") == "CreateProjectRolesBounded":
                del stmt["Condition"]
        policy["policy"] = json.dumps(document)


def _boundary_accepts_any_role(doc: Doc) -> None:
    """The apply boundary without its deny of roles created with another boundary."""
    for policy in doc["resource"]["aws_iam_policy"].values():
        _drop_deny(policy, "OnlyRolesWithTheWorkloadBoundary")


def _unbounded_role_creation(doc: Doc) -> None:
    _create_role_unconditioned(doc)
    _boundary_accepts_any_role(doc)


@pytest.fixture()
def copy(synth_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "cdktf.out"
    shutil.copytree(synth_dir, target)
    return target


def test_our_ci_roles_pass(synth_dir: Path) -> None:
    outcomes = _outcomes(synth_dir)
    ci = {k: v for k, v in outcomes.items() if "ci_" in k}
    assert len(ci) == 2 and all(o is Outcome.PASSED for o, _ in ci.values()), ci


@pytest.mark.parametrize(("mutate", "role", "why"), [
    (_no_boundary, "-ci-apply", "no permissions boundary"),
    (_environment_only, "-ci-apply", "job_workflow_ref"),
    (_branch_only, "-ci-apply", "does not pin an environment and a branch"),
    (_plan_any_workflow, "-ci-plan", "job_workflow_ref"),
    (_no_self_denies, "-ci-apply", "on the role itself"),
    (_unbounded_role_creation, "-ci-apply", "iam:CreateRole on arn:aws:iam::*:role/webapp-prod-*"
                                            " without an iam:PermissionsBoundary condition"),
])
def test_each_missing_protection_fails(copy: Path, mutate: Callable[[Doc], None], role: str,
                                       why: str) -> None:
    path = _global(copy)
    doc = json.loads(path.read_text())
    address = "aws_iam_role." + next(n for n, b in _roles(doc).items()
                                     if str(b.get("name", "")).endswith(role))
    mutate(doc)
    path.write_text(json.dumps(doc))
    outcome, message = _outcomes(copy)[address]
    assert outcome is Outcome.FAILED and why in message, message


def test_one_self_modification_deny_is_enough(copy: Path) -> None:
    """Defence in depth: the boundary's deny alone still stops the role rewriting itself."""
    path = _global(copy)
    doc = json.loads(path.read_text())
    for policy in doc["resource"]["aws_iam_role_policy"].values():
        _drop_deny(policy, "NeverChangeTheCiRoles")
    path.write_text(json.dumps(doc))
    assert all(o is Outcome.PASSED for k, (o, _) in _outcomes(copy).items() if "ci_" in k)


@pytest.mark.parametrize("mutate", [_create_role_unconditioned, _boundary_accepts_any_role])
def test_one_create_role_guard_is_enough(copy: Path, mutate: Callable[[Doc], None]) -> None:
    """Defence in depth: the allow's iam:PermissionsBoundary condition or the boundary's deny
    of any other boundary alone keeps every role the apply role creates bounded."""
    path = _global(copy)
    doc = json.loads(path.read_text())
    mutate(doc)
    path.write_text(json.dumps(doc))
    assert all(o is Outcome.PASSED for k, (o, _) in _outcomes(copy).items() if "ci_" in k)


def test_guards_name_the_workload_boundary(synth_dir: Path) -> None:
    """Both guards require exactly the workload boundary policy of this stack, and it denies
    IAM writes, boundary changes and assuming the CI roles."""
    doc = json.loads(_global(synth_dir).read_text())
    policies = doc["resource"]["aws_iam_policy"]
    workload = next(n for n, p in policies.items()
                    if p["name"] == "webapp-prod-workload-boundary")
    arn = f"${{aws_iam_policy.{workload}.arn}}"
    allow = next(s for p in doc["resource"]["aws_iam_role_policy"].values()
                 if (s := _statement(p, "CreateProjectRolesBounded")))
    assert allow["Condition"] == {"StringEquals": {"iam:PermissionsBoundary": arn}}
    deny = next(s for p in policies.values()
                if (s := _statement(p, "OnlyRolesWithTheWorkloadBoundary")))
    assert deny["Condition"] == {"StringNotEquals": {"iam:PermissionsBoundary": arn}}
    assert deny["Effect"] == "Deny" and deny["Resource"] == "*"
    boundary = policies[workload]
    writes = _statement(boundary, "NoIamWrites")
    assert writes is not None and "iam:Create*" in writes["Action"] and writes["Effect"] == "Deny"
    ci = _statement(boundary, "NeverAssumeTheCiRoles")
    assert ci is not None and "sts:AssumeRole" in ci["Action"] and ci["Resource"].endswith(
        ":role/webapp-prod-ci-*")


def _depends_on_global(manifest: dict[str, Any], name: str) -> bool:
    """Whether manifest.json (what the runner, CI and the rehearsal order by) puts ``name``
    after ``global``, directly or through its dependencies."""
    pending, seen = list(manifest["stacks"][name].get("dependencies", [])), set()
    while pending:
        dep = pending.pop()
        if dep == "global":
            return True
        if dep not in seen:
            seen.add(dep)
            pending += manifest["stacks"][dep].get("dependencies", [])
    return False


def test_every_role_has_a_boundary(stacks: dict[str, Doc], synth_dir: Path) -> None:
    """Every aws_iam_role of every stack carries a permissions boundary: the CI apply role its
    own, every other one the workload boundary (the aspect, or the plan role explicitly);
    only stacks applied after ``global`` (which owns the policy) create roles."""
    workload = ("arn:aws:iam::${data.aws_caller_identity.workload_boundary_account.account_id}"
                ":policy/webapp-prod-workload-boundary")
    manifest = json.loads((synth_dir / "manifest.json").read_text())
    seen = 0
    for name, doc in stacks.items():
        roles = doc.get("resource", {}).get("aws_iam_role", {})
        if name.startswith("state-") and not name.startswith("state-replication-"):
            assert not roles, name  # applied before global: must create no role
        if roles and name != "global":  # applied after the boundary policy exists
            assert _depends_on_global(manifest, name), name
        for address, role in roles.items():
            seen += 1
            boundary = role.get("permissions_boundary")
            if name == "global":
                expected = {"ci_apply": "${aws_iam_policy.ci_apply_boundary.arn}",
                            "ci_plan": "${aws_iam_policy.ci_workload_boundary_policy.arn}"}
                assert boundary == expected[address], address
            else:
                assert boundary == workload, f"{name}/{address}"
                assert "workload_boundary_account" in doc["data"]["aws_caller_identity"]
    assert seen >= 20
