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
