"""Monthly cost, line by line, from the model, the demand model and the price tables.

A resource whose type has no price (or whose region has no table) becomes an *unpriced*
line, never a zero. Types listed in a table's ``[free]`` carry no line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from estimate.demand import HOURS_PER_MONTH, RegionLoad
from estimate.prices import PriceTable, table
from estimate.redis_shape import shape
from estimate.topology import block, num, region_of
from policies.model import Model, Resource, Unknown
from regions.demand import DemandModel

SEED_ESTIMATE: tuple[tuple[str, float], ...] = (
    ("Compute", 2000.0), ("Load balancers", 50.0), ("Database", 1500.0), ("Cache", 800.0),
    ("Storage", 100.0), ("CDN", 300.0), ("Data transfer", 500.0), ("Monitoring", 200.0),
)
"""The seed's own eight-line estimate (total ~$5,450/month)."""


@dataclass(frozen=True)
class Line:
    """One cost line."""

    resource: str
    """Terraform address."""
    type: str
    """Resource type."""
    stack: str
    """Stack."""
    region: str
    """Region it is billed in."""
    item: str
    """What is billed (``instance-hours``, ``GB stored`` ...)."""
    category: str
    """Seed estimate line it belongs to, or ``Not in seed``."""
    quantity: float
    """Units per month."""
    unit_price: float | None
    """USD per unit; None = unpriced."""

    @property
    def monthly(self) -> float:
        """USD per month (0 for unpriced lines, which are listed apart)."""
        return self.quantity * self.unit_price if self.unit_price is not None else 0.0


@dataclass(frozen=True)
class Ctx:
    """What a pricing function may read."""

    model: Model
    """The whole model."""
    demand: DemandModel
    """The demand model."""
    loads: dict[str, RegionLoad]
    """Load per serving stack name."""
    total_requests: float
    """All requests of all users per month."""


Out = Iterator[tuple[str, str, float, float | None]]
"""(item, category, quantity, unit price) per line of one resource."""
Pricer = Callable[[Resource, PriceTable, Ctx], Out]
H = HOURS_PER_MONTH


def _hourly(key: str, cat: str) -> Pricer:
    def price(r: Resource, t: PriceTable, c: Ctx) -> Out:
        yield "hours", cat, H, t.get("hourly", key)
    return price


def _monthly(key: str, cat: str) -> Pricer:
    def price(r: Resource, t: PriceTable, c: Ctx) -> Out:
        yield "months", cat, 1.0, t.get("monthly", key)
    return price


def _load(r: Resource, c: Ctx) -> RegionLoad | None:
    return c.loads.get(r.stack)


def _lb(r: Resource, t: PriceTable, c: Ctx) -> Out:
    yield "hours", "Load balancers", H, t.get("hourly", "aws_lb")
    load = _load(r, c)
    if load is not None:
        gb_hour = load.monthly_origin_requests * c.demand.request_kb / 1e6 / H
        lcu = max(gb_hour, load.average_rps / 25)  # 1 GB/h or 25 new connections/s per LCU
        yield "LCU-hours", "Load balancers", lcu * H, t.get("hourly", "alb_lcu")
        yield "GB out to internet", "Data transfer", gb_hour * H, t.get("usage", "internet_out_gb")


def _nat(r: Resource, t: PriceTable, c: Ctx) -> Out:
    yield "hours", "Not in seed", H, t.get("hourly", "aws_nat_gateway")
    nats = sum(1 for x in c.model.stack(r.stack).resources
               if x.type == "aws_nat_gateway" and x.region == r.region)
    yield ("GB processed", "Data transfer", c.demand.nat_gb_per_region_month / max(nats, 1),
           t.get("usage", "nat_processed_gb"))


def _endpoint(r: Resource, t: PriceTable, c: Ctx) -> Out:
    if r.values.get("vpc_endpoint_type") == "Gateway":
        return
    azs = len(r.values.get("subnet_ids") or []) or 1
    yield "AZ-hours", "Not in seed", H * azs, t.get("hourly", "aws_vpc_endpoint_interface")


def _ecs(r: Resource, t: PriceTable, c: Ctx) -> Out:
    task = next((x for x in c.model.stack(r.stack).resources
                 if x.type == "aws_ecs_task_definition"), None)
    cpu = num(task.values.get("cpu")) if task else None
    mem = num(task.values.get("memory")) if task else None
    load = _load(r, c)
    target = next((x for x in c.model.stack(r.stack).resources
                   if x.type == "aws_appautoscaling_target"), None)
    low = (num(target.values.get("min_capacity")) if target else None) \
        or num(r.values.get("desired_count"), 1.0) or 1.0
    need = math.ceil(load.average_rps / c.demand.rps_per_task) if load else 0
    tasks = max(low, need)
    if cpu is None or mem is None:
        yield "task-hours", "Compute", tasks * H, None
        return
    yield "vCPU-hours", "Compute", tasks * cpu / 1024 * H, t.get("hourly", "fargate_vcpu")
    yield "GB-hours", "Compute", tasks * mem / 1024 * H, t.get("hourly", "fargate_gb")


def _db(r: Resource, t: PriceTable, c: Ctx) -> Out:
    copies = 2.0 if r.values.get("multi_az") is True else 1.0
    yield (f"instance-hours ({r.values.get('instance_class')})", "Database", copies * H,
           t.get("rds_postgres", str(r.values.get("instance_class"))))
    storage = num(r.values.get("allocated_storage"), c.demand.database_gb) or 0.0
    yield "GB-months gp3", "Database", copies * storage, t.get("usage", "rds_gp3_gb_month")
    if (num(r.values.get("backup_retention_period"), 0.0) or 0.0) > 0:
        yield ("GB-months backup", "Database", c.demand.database_gb * c.demand.backup_gb_factor,
               t.get("usage", "rds_backup_gb_month"))


def _backup_copy(r: Resource, t: PriceTable, c: Ctx) -> Out:
    gb = c.demand.database_gb * c.demand.backup_gb_factor
    yield "GB-months backup copy", "Database", gb, t.get("usage", "rds_backup_gb_month")
    yield ("GB transferred (growth)", "Data transfer", c.demand.database_growth_gb_per_month,
           t.get("usage", "inter_region_gb"))


def _redis(r: Resource, t: PriceTable, c: Ctx) -> Out:
    s = shape(c.model, r)  # a secondary's node type is its global group's
    node = s.node_type or "unknown: global group not in the input"
    yield f"node-hours ({node})", "Cache", s.shards * (1 + s.replicas) * H, \
        t.get("elasticache", node)


def _cache_copy(r: Resource, t: PriceTable, c: Ctx) -> Out:
    """A Global Datastore costs only its members' nodes and the cross-region transfer of
    its writes: at most every origin write rewriting one session (an upper bound)."""
    load = _load(r, c)
    if load is not None:
        writes = load.monthly_origin_requests / (1 + c.demand.read_write_ratio)
        yield ("GB replicated cross-region (writes x session size)", "Data transfer",
               writes * c.demand.session_kb / 1e6, t.get("usage", "inter_region_gb"))


def _bucket(r: Resource, t: PriceTable, c: Ctx) -> Out:
    name = str(r.values.get("bucket", r.name))
    residency = r.tags.get("DataResidency", "us").lower()
    gb = 0.0
    if "assets" in name:
        gb = c.demand.static_assets_gb
    elif "uploads" in name:
        gb = c.demand.uploads_gb * c.demand.share(residency)
    yield "GB-months", "Storage", gb, t.get("usage", "s3_standard_gb_month")


def _replication(r: Resource, t: PriceTable, c: Ctx) -> Out:
    gb = c.demand.s3_new_gb_per_month
    yield "GB replicated", "Data transfer", gb, t.get("usage", "inter_region_gb")
    rule = block(r.values.get("rule"))
    if block(block(rule.get("destination")).get("replication_time")).get("status") == "Enabled":
        yield "GB under RTC", "Storage", gb, t.get("usage", "s3_rtc_gb")


def _cdn(r: Resource, t: PriceTable, c: Ctx) -> Out:
    hits = c.total_requests * c.demand.cdn_hit_ratio
    yield "GB egress", "CDN", hits * c.demand.request_kb / 1e6, t.get("usage", "cloudfront_out_gb")
    yield "10k HTTPS requests", "CDN", hits / 1e4, t.get("usage", "cloudfront_https_10k")


def _waf(r: Resource, t: PriceTable, c: Ctx) -> Out:
    """A CLOUDFRONT web ACL inspects every viewer request; a REGIONAL one (an ALB's direct
    path) every request reaching its ALB (the region's origin requests)."""
    edge = r.values.get("scope") != "REGIONAL"
    cat = "CDN" if edge else "Not in seed"
    load = _load(r, c)
    requests = c.total_requests if edge else (load.monthly_origin_requests if load else 0.0)
    yield "web ACL-months", cat, 1.0, t.get("monthly", "aws_wafv2_web_acl")
    yield "rule-months", cat, float(len(r.values.get("rule") or [])), t.get("monthly", "waf_rule")
    yield "million requests", cat, requests / 1e6, t.get("usage", "waf_million_requests")


def _health(r: Resource, t: PriceTable, c: Ctx) -> Out:
    yield "months", "Not in seed", 1.0, t.get("monthly", "aws_route53_health_check")
    if str(r.values.get("type", "")).startswith("HTTPS"):
        yield "HTTPS option", "Not in seed", 1.0, t.get("monthly", "route53_health_check_https")


def _logs(r: Resource, t: PriceTable, c: Ctx) -> Out:
    groups = sum(1 for x in c.model.stack(r.stack).resources if x.type == r.type)
    load = _load(r, c)
    origin = load.monthly_origin_requests if load else 0.0
    gb = origin / 1e6 * c.demand.log_gb_per_million_requests / max(groups, 1)
    days = num(r.values.get("retention_in_days"), 3653.0) or 3653.0
    yield "GB ingested", "Monitoring", gb, t.get("usage", "logs_ingest_gb")
    yield "GB-months stored", "Monitoring", gb * days / 30, t.get("usage", "logs_store_gb_month")


def _cognito(r: Resource, t: PriceTable, c: Ctx) -> Out:
    tier = str(r.values.get("user_pool_tier") or "ESSENTIALS").lower()
    load = _load(r, c)
    users = load.users if load else 0.0
    free = 0.0 if tier == "plus" else 10_000.0
    yield (f"MAU ({tier})", "Not in seed", max(users - free, 0.0),
           t.get("usage", f"cognito_{tier}_mau"))


def _xray(r: Resource, t: PriceTable, c: Ctx) -> Out:
    load = _load(r, c)
    rate = num(r.values.get("fixed_rate"), 1.0) or 0.0
    traces = (load.monthly_origin_requests if load else 0.0) * rate
    yield "million traces", "Monitoring", traces / 1e6, t.get("usage", "xray_million_traces")


PRICERS: dict[str, Pricer] = {
    "aws_lb": _lb, "aws_nat_gateway": _nat, "aws_vpc_endpoint": _endpoint, "aws_ecs_service": _ecs,
    "aws_eip": _hourly("aws_eip", "Not in seed"), "aws_db_instance": _db,
    "aws_db_instance_automated_backups_replication": _backup_copy,
    "aws_elasticache_replication_group": _redis, "aws_s3_bucket": _bucket,
    "aws_elasticache_global_replication_group": _cache_copy,
    "aws_s3_bucket_replication_configuration": _replication, "aws_cloudfront_distribution": _cdn,
    "aws_wafv2_web_acl": _waf, "aws_route53_health_check": _health,
    "aws_route53_zone": _monthly("aws_route53_zone", "Not in seed"),
    "aws_kms_key": _monthly("aws_kms_key", "Not in seed"),
    "aws_secretsmanager_secret": _monthly("aws_secretsmanager_secret", "Not in seed"),
    "aws_guardduty_detector": _monthly("aws_guardduty_detector", "Not in seed"),
    "aws_cloudwatch_metric_alarm": _monthly("aws_cloudwatch_metric_alarm", "Monitoring"),
    "aws_cloudwatch_dashboard": _monthly("aws_cloudwatch_dashboard", "Monitoring"),
    "aws_cloudwatch_log_group": _logs, "aws_cognito_user_pool": _cognito,
    "aws_xray_sampling_rule": _xray,
}
"""How each resource type is priced."""


def cost_lines(model: Model, demand: DemandModel, loads: dict[str, RegionLoad]) -> list[Line]:
    """Every cost line of ``model`` (unpriced ones included, with ``unit_price`` None)."""
    ctx = Ctx(model, demand, loads, demand.daily_active_users * demand.requests_per_user_per_day
              * H / 24)
    lines: list[Line] = []
    for r in model.resources():
        region = region_of(r)
        t = table(region)
        pricer = PRICERS.get(r.type)
        if t is not None and r.type in t.free and pricer is None:
            continue
        if t is None or pricer is None:
            why = "no price table for region" if t is None else "type not priced"
            lines.append(Line(r.address, r.type, r.stack, region, f"unpriced: {why}",
                              "Unpriced", 1.0, None))
            continue
        copies = instances(r)
        if copies is None:
            lines.append(Line(r.address, r.type, r.stack, region,
                              "unpriced: count/for_each unknown before apply", "Unpriced",
                              1.0, None))
            continue
        for item, cat, qty, price in pricer(r, t, ctx):
            lines.append(Line(r.address, r.type, r.stack, region, item, cat, qty * copies,
                              price))
    return lines


def instances(r: Resource) -> int | None:
    """How many instances ``count``/``for_each`` make of ``r`` (None: unknown before apply)."""
    count, for_each = r.values.get("count"), r.values.get("for_each")
    if count is None and for_each is None:
        return 1
    if isinstance(count, (bool, Unknown)) or isinstance(for_each, Unknown):
        return None
    if isinstance(count, int):
        return max(count, 0)
    if isinstance(for_each, (list, dict, tuple, set)):
        return len(for_each)
    return None
