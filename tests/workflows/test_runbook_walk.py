"""Issue 11.5, 11.3 and 12: every runbook step names a resource the real session synth has,
the drills are wired to alarms that exist, and Scenario 2 promotes the session cache's
Global Datastore secondary in the jurisdiction's standby.

Expected values are written by hand: the drill names and alarm names follow the naming
convention documented in ci/runbook.py and the seed's alarms, not the code under test.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import Any

from ci.render import rendered
from ci.runbook import walk
from regions.loader import load_config
from tests.conftest import resources_of

REPO = Path(__file__).resolve().parent.parent.parent
RUNBOOKS = {"us-east-1": "webapp-prod-us", "eu-west-1": "webapp-prod-eu"}
STANDBYS = {"us-east-1": "standby-us-eu-west-1", "eu-west-1": "standby-eu-eu-central-1"}
DRILLS = ("az-loss", "db-failover", "task-stop", "evacuation")


def _text(region: str) -> str:
    return (REPO / "docs/runbooks" / f"{region}.md").read_text(encoding="utf-8")


def test_every_runbook_step_names_a_synthesized_resource(stacks: dict[str, Any]) -> None:
    for region in RUNBOOKS:
        text = _text(region)
        assert walk(text, stacks) == [], region
        # 4 drills + database, cluster, service, Redis, pool, trail, 2 vaults, document.
        assert text.count(f"`app-{region}:aws_") >= 13, region
        # Scenario 2 acts on the standby: replica, subnet group, database group, data key,
        # secret, cluster, service, scalable target, user pool, cache secondary (10
        # references, each one walked above).
        standby = STANDBYS[region]
        scenario2 = text.split("## Scenario 2")[1].split("## Drills")[0]
        assert len(set(re.findall(rf"`{standby}:aws_[a-z0-9_]+\.[A-Za-z0-9_-]+`",
                                  scenario2))) == 10, region
        assert f"`{standby}:aws_cognito_user_pool.serving_identity_pool`" in scenario2


def test_a_standby_step_naming_a_missing_resource_breaks_the_walk(
        stacks: dict[str, Any]) -> None:
    mutated = copy.deepcopy(stacks)
    secrets = mutated["standby-eu-eu-central-1"]["resource"]["aws_secretsmanager_secret"]
    secrets["credentials"] = secrets.pop("db_credentials")
    assert walk(_text("eu-west-1"), mutated) == [
        "standby-eu-eu-central-1:aws_secretsmanager_secret.db_credentials: no such resource "
        "in standby-eu-eu-central-1"]
    del mutated["standby-eu-eu-central-1"]
    assert all(p.endswith("no stack standby-eu-eu-central-1")
               for p in walk(_text("eu-west-1"), mutated))


def test_a_renamed_resource_breaks_the_walk(stacks: dict[str, Any]) -> None:
    mutated = copy.deepcopy(stacks)
    fis = mutated["app-eu-west-1"]["resource"]["aws_fis_experiment_template"]
    fis["drills_az_loss_renamed"] = fis.pop("operations_drills_az_loss")
    db = mutated["app-eu-west-1"]["resource"]["aws_db_instance"]
    db["db_primary"] = db.pop("database_primary")
    problems = walk(_text("eu-west-1"), mutated)
    assert sorted({p.split(":")[1].split(" ")[0] for p in problems}) == [
        "aws_db_instance.database_primary",
        "aws_fis_experiment_template.operations_drills_az_loss"]
    assert walk(_text("us-east-1"), mutated) == []  # the US runbook names US resources
    assert walk("no references here", stacks) == ["the runbook names no resource"]


def test_drills_exist_and_stop_on_the_seed_alarms(stacks: dict[str, Any]) -> None:
    for region, prefix in RUNBOOKS.items():
        stack = stacks[f"app-{region}"]
        templates = resources_of(stack, "aws_fis_experiment_template")
        assert sorted(t["tags"]["Name"] for t in templates.values()) == sorted(
            f"{prefix}-drill-{d}" for d in DRILLS)
        alarms = {a["alarm_name"] for a in resources_of(
            stack, "aws_cloudwatch_metric_alarm").values()}
        for name, template in templates.items():
            stops = {c["value"].rsplit(":alarm:", 1)[1] for c in template["stop_condition"]}
            assert stops == {f"{prefix}-5xx-error-rate", f"{prefix}-p95-response-time"}, name
            assert stops <= alarms, name
            assert f"{prefix}-drill-" in _text(region)
        # The standby's drills are listed too (their existence is walked above).
        standby = STANDBYS[region]
        for drill in DRILLS:
            ref = (f"`{standby}:aws_fis_experiment_template.operations_drills_"
                   f"{drill.replace('-', '_')}`")
            assert ref in _text(region), ref


def test_evacuation_runs_the_automation_document_that_restores_on_cancel(
        stacks: dict[str, Any]) -> None:
    import json
    stack = stacks["app-eu-west-1"]
    docs = resources_of(stack, "aws_ssm_document")
    evac = docs["operations_drills_evacuation_document_document"]
    assert evac["name"] == "webapp-prod-eu-evacuate"
    body = json.loads(evac["content"])
    steps = {s["name"]: s for s in body["mainSteps"]}
    assert list(steps) == ["InvertHealthChecks", "Hold", "RestoreHealthChecks"]
    for first in ("InvertHealthChecks", "Hold"):
        assert steps[first]["onCancel"] == "step:RestoreHealthChecks"
    assert steps["InvertHealthChecks"]["inputs"]["InputPayload"]["inverted"] is True
    assert steps["RestoreHealthChecks"]["inputs"]["InputPayload"]["inverted"] is False
    template = resources_of(stack, "aws_fis_experiment_template")["operations_drills_evacuation"]
    params = {p["key"]: p["value"] for p in template["action"][0]["parameter"]}
    assert "aws_ssm_document.operations_drills_evacuation_document_document.arn" in params[
        "documentArn"]
    assert "aws_lb." in params["documentParameters"]  # the region's own load balancer


def test_scenario_2_promotes_the_cache_secondary_inside_the_jurisdiction(
        stacks: dict[str, Any]) -> None:
    for region, prefix in RUNBOOKS.items():
        standby = STANDBYS[region]
        dr = standby.split("-", 2)[2]
        # The synth: the standby's Redis is the secondary of this region's datastore.
        secondary = resources_of(stacks[standby], "aws_elasticache_replication_group")[
            "redis_replication_group"]
        assert "aws_elasticache_global_replication_group_redis_global_datastore" in \
            secondary["global_replication_group_id"]
        # The runbook: names both, fails over to the standby's region, with a fallback.
        step = next(line for line in _text(region).splitlines()
                    if line.startswith("| 3a | **Promote the session cache**"))
        assert f"`app-{region}:aws_elasticache_global_replication_group." \
            "redis_global_datastore`" in step
        assert f"`{standby}:aws_elasticache_replication_group.redis_replication_group`" in step
        standby_prefix = prefix.replace("-prod-", "-prod-standby-")
        assert (f"failover-global-replication-group --region {dr} --global-replication-group-id"
                f' "$GID" --primary-region {dr} --primary-replication-group-id '
                f"{standby_prefix}-cache") in step
        assert "disassociate-global-replication-group" in step
        assert f"'{prefix}-sessions'" in step
        assert "**Users sign in again**" not in _text(region)


def test_without_a_standby_sessions_are_rebuilt() -> None:
    config = load_config()
    region = dataclasses.replace(config.regions[0], standby=None)
    text = rendered(dataclasses.replace(config, regions=(region, *config.regions[1:])))[
        Path("docs/runbooks") / f"{region.region}.md"]
    # 1,000,000 daily users x 50% per jurisdiction x 30 min / 1,440 min = 10,417 sessions.
    assert "**Users sign in again**" in text
    assert "~10,417 sessions open at average load end" in text
    assert "Promote the session cache" not in text
