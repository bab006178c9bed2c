"""Database and cache engine versions are ones the engine offers."""

from __future__ import annotations

from policies.findings import Enforcement, Severity
from policies.model import Resource, Unknown
from policies.rules._apply import limits
from policies.rules._base import APV, Rule, Verdict, failed, passed, unknown
from policies.rules._context import Context
from policies.rules._global_datastore import RG, setting


class EngineVersionOffered(Rule):
    """``engine_version`` of RDS instances/clusters and ElastiCache replication groups is a
    listed major (minor upgrades then follow) or a listed minor of the reviewed date. A
    Global Datastore's own ``engine_version`` holds for every member (a member that sets
    another is unknown); a secondary that sets none runs with its primary's (unknown when the
    chain to it cannot be followed)."""

    id = "HAP_APV_002"
    name = "Ensure engine versions are ones AWS offers"
    severity = Severity.HIGH
    enforcement = Enforcement.SOFT_MANDATORY
    category = APV
    explanation = (
        "RDS retires minor versions: a pinned minor that is no longer offered fails at apply "
        "(\"Cannot find version 16.4 for postgres\"). Pin the major with minor upgrades on, or "
        "a version in the dated list in policies/data/apply_limits.toml."
    )
    resource_types = ("aws_db_instance", "aws_rds_cluster", "aws_elasticache_replication_group")

    def check(self, r: Resource, ctx: Context) -> Verdict | None:
        engine, version, source = r.values.get("engine"), r.values.get("engine_version"), ""
        if r.type == RG:  # a Global Datastore secondary runs with the version it inherits
            inherited = setting(ctx, r, "engine_version")
            engine, version = setting(ctx, r, "engine").value, inherited.value
            source = f" (inherited from {inherited.source})" if inherited.source else ""
        if version is None:
            return None  # AWS picks its default version: always offered
        if isinstance(engine, Unknown) or isinstance(version, Unknown):
            return unknown(r, "engine or engine_version cannot be resolved",
                           version if isinstance(version, Unknown) else engine)
        if engine is None and r.type == RG:
            engine = "redis"
        table = limits()["engine_versions"].get(str(engine))
        if table is None:
            return unknown(r, f"no list of offered versions for engine {engine!r}")
        text = str(version)
        if text in table["majors"] or text in table["versions"]:
            return passed(r, f"{engine} {text}{source} is offered")
        if text.endswith(".x") and text[:-2] in table["versions"] + table["majors"]:
            return passed(r, f"{engine} {text}{source} is offered")
        return failed(r, f"{engine} {text}{source} is not offered (reviewed "
                         f"{limits()['meta']['reviewed']}): pin the major version")
