"""The committed workflows and runbooks equal their rendering, follow the security rules,
pass GitHub's workflow schema (check-jsonschema) and zizmor with no medium/high findings."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from ci.render import REPO, main, rendered, stale, write
from regions import load_config

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")


def _load(path: Path) -> dict[str, Any]:
    return dict(YAML(typ="safe").load(path.read_text()))


def test_committed_files_equal_the_rendering() -> None:
    assert stale(load_config()) == []
    assert [p.name for p in WORKFLOWS] == ["apply.yml", "drift.yml", "pull-request.yml"]
    assert main(["--check"]) == 0


def test_a_new_region_updates_ci_and_runbooks(tmp_path: Path) -> None:
    toml = (REPO / "regions" / "platform.toml").read_text() + """
[[regions]]
key = "usw"
region = "us-west-2"
residency = "us"
availability_zones = ["us-west-2a", "us-west-2b", "us-west-2c"]
vpc_cidr = "10.40.0.0/16"
dr_region = "us-east-1"
state_bucket = "webapp-prod-tfstate-us-west-2"
"""
    (tmp_path / "platform.toml").write_text(toml)
    config = load_config(tmp_path / "platform.toml")
    files = rendered(config)
    pr = files[Path(".github/workflows/pull-request.yml")]
    assert "- stack: app-us-west-2\n            region: us-west-2" in pr
    assert "  apply-app-us-west-2:\n" in files[Path(".github/workflows/apply.yml")]
    assert "us-west-2 (usw, US data)" in files[Path("docs/runbooks/us-west-2.md")]
    assert main(["--check", "--config", str(tmp_path / "platform.toml")]) == 1
    written = write(config, tmp_path)
    assert (tmp_path / ".github/workflows/drift.yml").is_file() and len(written) == 7


def test_bad_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "missing.toml")]) == 2
    assert capsys.readouterr().err.startswith("error: invalid config: config file not found")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_security_rules(path: Path) -> None:
    wf = _load(path)
    assert wf["permissions"] == {}
    uses = [line.split("uses:", 1)[1].strip() for line in path.read_text().splitlines()
            if line.strip().startswith(("uses:", "- uses:"))]
    assert uses and all(PINNED.match(u) for u in uses), uses
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"{name} has no permissions block"
        assert all(v in ("read", "write") for v in job["permissions"].values())
        for step in job.get("steps", []):
            if "run" in step:
                assert "${{" not in step["run"], f"{name}: expression inside run:"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_apply_runs_in_dependency_order_behind_the_environment() -> None:
    jobs = _load(REPO / ".github/workflows/apply.yml")["jobs"]
    assert list(jobs) == ["apply-global", "apply-app-us-east-1", "apply-app-eu-west-1",
                          "apply-standby-us-eu-west-1", "apply-standby-eu-eu-central-1",
                          "apply-edge", "first-deployment"]
    assert jobs["apply-app-us-east-1"]["needs"] == ["apply-global"]
    assert jobs["apply-app-eu-west-1"]["needs"] == ["apply-global"]
    # Each standby reads its primary's database ARN; the edge aliases every ALB.
    assert jobs["apply-standby-us-eu-west-1"]["needs"] == ["apply-global",
                                                           "apply-app-us-east-1"]
    assert jobs["apply-standby-eu-eu-central-1"]["needs"] == ["apply-global",
                                                              "apply-app-eu-west-1"]
    assert jobs["apply-edge"]["needs"] == [
        "apply-global", "apply-app-us-east-1", "apply-app-eu-west-1",
        "apply-standby-us-eu-west-1", "apply-standby-eu-eu-central-1"]
    for name, job in jobs.items():
        assert job["environment"] == "production"
        group = "apply-first-deployment" if name == "first-deployment" else name
        assert job["concurrency"] == {"group": group, "cancel-in-progress": False}


def test_github_workflow_schema() -> None:
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema",
                           "vendor.github-workflows", *map(str, WORKFLOWS)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _zizmor(*paths: Path) -> list[tuple[str, str]]:
    proc = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json",
                           *map(str, paths)], capture_output=True, text=True, check=False)
    return [(f["ident"], f["determinations"]["severity"]) for f in json.loads(proc.stdout)]


def test_zizmor_has_no_medium_or_high_findings() -> None:
    found = _zizmor(*WORKFLOWS)
    assert [f for f in found if f[1] in ("Medium", "High")] == []


def test_zizmor_does_catch_what_we_avoid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: bad\non: pull_request\njobs:\n  x:\n    runs-on: ubuntu-24.04\n"
                   "    steps:\n      - uses: actions/checkout@v4\n"
                   '      - run: echo "${{ github.event.pull_request.title }}"\n')
    idents = {i for i, _ in _zizmor(bad)}
    assert {"template-injection", "unpinned-uses"} <= idents


def test_runbooks_keep_eu_recovery_in_the_eu() -> None:
    eu = (REPO / "docs/runbooks/eu-west-1.md").read_text()
    us = (REPO / "docs/runbooks/us-east-1.md").read_text()
    scenario2 = eu.split("## Scenario 2")[1].split("| 7 |")[0]
    # Promote the Frankfurt replica of the EU standby stack first ...
    promote = ("aws rds promote-read-replica --region eu-central-1 --db-instance-identifier "
               "webapp-prod-eu-dr")
    assert promote in scenario2
    assert "`standby-eu-eu-central-1:aws_db_instance.replica_replica`" in scenario2
    # ... PITR from the replicated automated backups only as the fallback after it.
    pitr = "--region eu-central-1 --source-db-instance-automated-backups-arn"
    assert pitr in scenario2
    fallback = scenario2.split("| 3b |")[1].split("| 4 |")[0]
    assert "**Only if the replica is unusable**" in fallback and pitr in fallback
    assert scenario2.index(promote) < scenario2.index(pitr)
    # Secret copy, standby service redeploy, scale out: on the standby's own resources.
    for step in ("`standby-eu-eu-central-1:aws_secretsmanager_secret.db_credentials`",
                 "--secret-id webapp-prod-standby-eu/db-credentials",
                 "`standby-eu-eu-central-1:aws_ecs_service.serving_service_service`",
                 "--cluster webapp-prod-standby-eu --service webapp-prod-standby-eu-app "
                 "--force-new-deployment",
                 "`standby-eu-eu-central-1:aws_appautoscaling_target.serving_autoscaling_target`",
                 "--resource-id service/webapp-prod-standby-eu/webapp-prod-standby-eu-app "
                 "--min-capacity 4 --max-capacity 50",
                 "dig +short"):
        assert step in eu, step
    # Only EU regions, anywhere in the EU runbook but the warning naming where never to go;
    # no US stack named.
    warning = [line for line in eu.splitlines() if line.startswith("> ")]
    assert "`us-east-1`" in " ".join(warning)
    steps = "\n".join(line for line in eu.splitlines() if not line.startswith("> "))
    assert set(re.findall(r"--region ([a-z]+-[a-z]+-\d)", steps)) == {"eu-west-1", "eu-central-1"}
    assert set(re.findall(r"`([a-z]+-[a-z]+-\d)`", steps)) == {"eu-west-1", "eu-central-1"}
    assert not re.search(r"(app|standby-[a-z]+)-us-[a-z]+-\d", eu)
    assert "standby-us-" not in eu
    assert ("aws rds promote-read-replica --region eu-west-1 --db-instance-identifier "
            "webapp-prod-us-dr") in us
    for doc in (eu, us):
        assert "RTO < 60 minutes" in doc and "RPO < 15 minutes" in doc
        assert "Route 53" in doc and "Verify health checks" in doc


def _steps(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["name"]: step for step in job["steps"]}


def test_only_gated_redacted_plans_are_uploaded() -> None:
    plan = _steps(_load(REPO / ".github/workflows/pull-request.yml")["jobs"]["plan"])
    names = list(plan)
    keep = plan["Keep the gated plan (applied later exactly as reviewed)"]
    assert keep["if"] == "steps.plan.outputs.exit-code == '0'"
    paths = keep["with"]["path"].splitlines()
    assert "plans/${{ matrix.stack }}/*.verdict.json" in paths
    assert "plans/${{ matrix.stack }}/*.redacted.json" in paths
    assert "plans/${{ matrix.stack }}/*.json" not in paths  # never the raw plan JSON
    redact = "Redact the plan JSON (sensitive values never leave the runner)"
    assert names.index(redact) < names.index("Keep the gated plan (applied later exactly as "
                                             "reviewed)")
    assert "python -m tfrunner redact" in plan[redact]["run"]
    assert 'rm -f "plans/$STACK/$STACK.json"' in plan[redact]["run"]
    assert names[-1] == "Fail when the gate did not pass the plan"


def test_apply_checks_origin_and_verdict() -> None:
    jobs = _load(REPO / ".github/workflows/apply.yml")["jobs"]
    for name in ("apply-global", "apply-app-us-east-1", "apply-app-eu-west-1", "apply-edge"):
        steps = _steps(jobs[name])
        origin = steps["Check the plans come from a push to the default branch"]["run"]
        for check in ('test "$branch" = "$DEFAULT_BRANCH"', 'test "$event" = "push"',
                      'test "$conclusion" = "success"'):
            assert check in origin
        apply = steps["Apply the saved plan (only with its passing gate verdict)"]
        assert apply["run"].endswith('--expect-commit "$PLAN_SHA"')
        assert apply["env"]["PLAN_SHA"] == "${{ steps.origin.outputs.sha }}"
    first = [s["name"] for s in jobs["first-deployment"]["steps"]
             if s["name"].startswith(("Plan and gate", "Apply "))]
    assert first == [
        x for stack in ("global", "app-us-east-1", "app-eu-west-1", "standby-us-eu-west-1",
                        "standby-eu-eu-central-1", "edge")
        for x in (f"Plan and gate {stack}",
                  f"Apply {stack} (only with its passing gate verdict)")]


def test_codeowners_requires_the_platform_team(tmp_path: Path) -> None:
    text = (REPO / ".github" / "CODEOWNERS").read_text()
    rules = dict(line.split() for line in text.splitlines() if line and not line.startswith("#"))
    for path in ("/waivers.toml", "/policies/", "/.github/"):
        assert rules[path] == "@example-org/platform-team"
    toml = (REPO / "regions" / "platform.toml").read_text()
    (tmp_path / "p.toml").write_text(toml.replace('platform_team = "@example-org/platform-team"',
                                                  'platform_team = "@acme/sre"'))
    other = rendered(load_config(tmp_path / "p.toml"))[Path(".github/CODEOWNERS")]
    assert "/waivers.toml @acme/sre\n" in other
    (tmp_path / "bad.toml").write_text(toml.replace(
        'platform_team = "@example-org/platform-team"', 'platform_team = "platform-team"'))
    assert main(["--check", "--config", str(tmp_path / "bad.toml")]) == 2
