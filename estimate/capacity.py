"""Capacity per serving region: tasks, Redis memory, database storage and connections."""

from __future__ import annotations

import math
from dataclasses import dataclass

from estimate.demand import RegionLoad
from estimate.redis_shape import shape
from estimate.topology import ServingRegion, block, facts, num
from policies.model import Model
from regions.demand import DemandModel

GIB = 1024**3


@dataclass(frozen=True)
class Check:
    """One capacity limit: what the load needs against what the topology provides."""

    region: str
    """Serving region."""
    limit: str
    """What is limited (``max tasks``, ``redis memory GB`` ...)."""
    need: float
    """What the demand needs."""
    have: float | None
    """What the topology provides; None when the model does not say (unknown, not a pass)."""
    fix: str
    """The setting that would hold it."""

    @property
    def ok(self) -> bool | None:
        """True when it holds, False when it breaks, None when unknown."""
        return None if self.have is None else self.need <= self.have

    @property
    def headroom(self) -> float:
        """need / have (above 1 breaks); infinite when unknown or zero."""
        return self.need / self.have if self.have else math.inf


@dataclass(frozen=True)
class RegionCapacity:
    """Figures and limits for one serving region."""

    region: str
    """AWS region."""
    load: RegionLoad
    """Its load."""
    tasks: tuple[int, int, int]
    """Tasks needed at average, peak and spike."""
    task_range: tuple[float | None, float | None]
    """Configured min and max tasks."""
    checks: tuple[Check, ...]
    """Each limit."""


def _tasks(rps: float, d: DemandModel) -> int:
    return max(1, math.ceil(rps / d.rps_per_task))


def region_capacity(model: Model, sr: ServingRegion, load: RegionLoad,
                    d: DemandModel) -> RegionCapacity:
    """Capacity figures of ``sr`` under ``load`` (``model``: what a Global Datastore
    secondary inherits from its primary)."""
    target = next(iter(sr.of_type("aws_appautoscaling_target")), None)
    low = num(target.values.get("min_capacity")) if target else None
    high = num(target.values.get("max_capacity")) if target else None
    tasks = (_tasks(load.average_rps, d), _tasks(load.peak_rps, d), _tasks(load.spike_rps, d))
    checks = [Check(sr.region, "max tasks (10x spike)", tasks[2], high,
                    f"max_tasks >= {tasks[2]}")]
    redis = next(iter(sr.of_type("aws_elasticache_replication_group")), None)
    if redis is not None:
        s = shape(model, redis)
        node, shards = str(s.node_type), s.shards
        gib = facts()["cache_node_gib"].get(node)
        need_gb = load.concurrent_sessions * d.session_kb * 1000 * d.cache_overhead_factor / 1e9
        have = shards * gib * GIB / 1e9 if gib else None
        per = gib * GIB / 1e9 if gib else 1.0
        checks.append(Check(sr.region, f"redis memory GB ({node} x {shards:g})", need_gb, have,
                            f"shards >= {max(1, math.ceil(need_gb / per))}"))
    for db in sr.of_type("aws_db_instance"):
        if db.values.get("replicate_source_db") is not None:
            continue
        for months in (12, 24):
            need = d.database_gb + d.database_growth_gb_per_month * months
            checks.append(Check(sr.region, f"db storage GB in {months} months (max)", need,
                                num(db.values.get("max_allocated_storage")),
                                f"max_allocated_storage_gb >= {math.ceil(need)}"))
        conns = max(high or 0, tasks[2]) * d.db_connections_per_task
        limit = _max_connections(sr, str(db.values.get("instance_class")))
        checks.append(Check(sr.region, "db connections (max or spike tasks)", conns, limit,
                            f"max_connections >= {math.ceil(conns)} (and a class that allows it)"))
    return RegionCapacity(sr.region, load, tasks, (low, high), tuple(checks))


def _max_connections(sr: ServingRegion, instance_class: str) -> float | None:
    """The parameter group's max_connections, capped by the class's default limit."""
    memory = facts()["db_class_memory_gib"].get(instance_class)
    class_limit = min(memory * GIB / 9531392, 5000) if memory else None
    for group in sr.of_type("aws_db_parameter_group"):
        for p in group.values.get("parameter") or []:
            if block(p).get("name") == "max_connections":
                value = num(block(p).get("value"))
                if value is not None:
                    return min(value, class_limit) if class_limit else value
    return class_limit
