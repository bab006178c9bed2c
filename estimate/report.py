"""One estimate (capacity, cost, availability, recovery) as data, and its renderings."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from estimate.availability import JurisdictionAvailability, availability
from estimate.capacity import Check, RegionCapacity, region_capacity
from estimate.cost import SEED_ESTIMATE, Line, cost_lines
from estimate.demand import RegionLoad, region_load
from estimate.prices import table
from estimate.recovery import StoreRecovery, recovery
from estimate.topology import ServingRegion, serving_regions
from policies.model import Model
from regions.demand import DemandModel

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class Estimate:
    """Everything ``estimate`` prints."""

    demand: DemandModel
    """The demand model used."""
    capacity: tuple[RegionCapacity, ...]
    """Per serving region."""
    lines: tuple[Line, ...]
    """Cost lines (unpriced included)."""
    availability: tuple[JurisdictionAvailability, ...]
    """Per jurisdiction."""
    recovery: tuple[StoreRecovery, ...]
    """Per data store."""
    first_limit: dict[str, Any] | None
    """The first capacity limit to break as users grow (see :func:`first_limit`)."""

    @property
    def total(self) -> float:
        """Monthly total of the priced lines."""
        return sum(line.monthly for line in self.lines)

    @property
    def unpriced(self) -> list[Line]:
        """Lines without a price."""
        return [line for line in self.lines if line.unit_price is None]

    def targets(self) -> dict[str, bool]:
        """Each target and whether it is met (unknown counts as missed)."""
        d = self.demand
        return {
            "budget": not self.unpriced and self.total <= d.budget_usd_per_month,
            "capacity": bool(self.capacity) and all(
                c.ok is True for rc in self.capacity for c in rc.checks),
            "availability": bool(self.availability) and all(
                a.availability >= d.availability_target for a in self.availability),
            "recovery": bool(self.recovery) and all(
                s.rpo <= d.rpo_minutes and s.rto <= d.rto_minutes for s in self.recovery),
        }


def estimate(model: Model, demand: DemandModel) -> Estimate:
    """Compute the estimate of ``model`` under ``demand``."""
    serving = serving_regions(model)
    loads: dict[str, RegionLoad] = {}
    # Active regions share their jurisdiction's load; a standby carries none (costed idle).
    for sr in serving:
        if not sr.standby:
            loads[sr.stack.name] = region_load(demand, sr.residency, _sharing(serving, sr))
    return Estimate(
        demand,
        tuple(_capacity(model, serving, demand)),
        tuple(cost_lines(model, demand, loads)),
        tuple(availability(model)),
        tuple(recovery(model)),
        first_limit(model, demand),
    )


def _sums(lines: tuple[Line, ...], key: str) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for line in lines:
        out[getattr(line, key)] += line.monthly
    return dict(sorted(out.items()))


def to_dict(e: Estimate) -> dict[str, Any]:
    """The estimate as plain JSON-able data (what every format renders)."""
    cats = _sums(e.lines, "category")
    regions = sorted({line.region for line in e.lines})
    return {
        "demand": {k: getattr(e.demand, k) for k in e.demand.__dataclass_fields__},
        "prices": [{"region": r, "as_of": t.as_of, "source": t.source}
                   for r in regions if (t := table(r)) is not None],
        "capacity": [{
            "region": c.region, "residency": c.load.residency,
            "rps": {"average": c.load.average_rps, "peak": c.load.peak_rps,
                    "spike": c.load.spike_rps},
            "tasks": {"average": c.tasks[0], "peak": c.tasks[1], "spike": c.tasks[2],
                      "min": c.task_range[0], "max": c.task_range[1]},
            "concurrent_sessions": c.load.concurrent_sessions,
            "checks": [{"limit": k.limit, "need": k.need, "have": k.have, "ok": k.ok,
                        "fix": k.fix} for k in c.checks],
        } for c in e.capacity],
        "cost": {
            "lines": [{"resource": x.resource, "type": x.type, "stack": x.stack,
                       "region": x.region, "item": x.item, "category": x.category,
                       "quantity": x.quantity, "unit_price": x.unit_price,
                       "monthly": x.monthly} for x in e.lines],
            "by_stack": _sums(e.lines, "stack"), "by_region": _sums(e.lines, "region"),
            "by_category": cats, "total": e.total, "budget": e.demand.budget_usd_per_month,
            "unpriced": sorted({x.resource for x in e.unpriced}),
            "seed": [{"line": n, "seed": v, "ours": cats.get(n, 0.0)} for n, v in SEED_ESTIMATE]
            + [{"line": "Not in seed", "seed": 0.0, "ours": cats.get("Not in seed", 0.0)}],
        },
        "availability": [{
            "residency": a.residency, "availability": a.availability, "weakest": a.weakest,
            "factors": [{"name": f.name, "availability": f.availability} for f in a.factors],
            "regions": [{"region": r, "chain": [{"name": f.name, "availability": f.availability}
                                                for f in chain]} for r, chain in a.regions],
        } for a in e.availability],
        "recovery": [{"store": s.store, "kind": s.kind, "rpo_minutes": s.rpo,
                      "rto_minutes": s.rto, "mechanism": s.mechanism,
                      "ok": s.rpo <= e.demand.rpo_minutes and s.rto <= e.demand.rto_minutes}
                     for s in e.recovery],
        "first_limit": e.first_limit,
        "targets": e.targets(),
    }


def _capacity(model: Model, serving: list[ServingRegion],
              demand: DemandModel) -> list[RegionCapacity]:
    return [region_capacity(model, sr, region_load(demand, sr.residency,
                                                   _sharing(serving, sr)), demand)
            for sr in serving]


def _sharing(serving: list[ServingRegion], sr: ServingRegion) -> int:
    """Regions sharing ``sr``'s load: the active ones of its jurisdiction; a standby's
    capacity is checked against all of it (after failover it is alone)."""
    return 1 if sr.standby else \
        max(1, sum(1 for x in serving if x.residency == sr.residency and not x.standby))


def first_limit(model: Model, demand: DemandModel) -> dict[str, Any] | None:
    """The first capacity limit to break as users grow (storage does not grow with users),
    the users it breaks at (bisection on the same formulas) and the setting that holds it."""
    serving = serving_regions(model)

    def broken(users: int) -> Check | None:
        d = dataclasses.replace(demand, daily_active_users=users)
        bad = [c for rc in _capacity(model, serving, d) for c in rc.checks
               if c.ok is False and "storage" not in c.limit]
        return max(bad, key=lambda c: c.headroom) if bad else None

    low, high = 1, 10_000_000_000
    if not serving or broken(high) is None:
        return None
    while high - low > max(1, low // 1000):
        mid = (low + high) // 2
        low, high = (low, mid) if broken(mid) else (mid, high)
    check = broken(high)
    assert check is not None
    now = broken(demand.daily_active_users)
    return {"region": check.region, "limit": check.limit, "breaks_at_users": high,
            "broken": now is not None, "fix": (now or check).fix}


def diff(head: dict[str, Any], base: dict[str, Any]) -> list[dict[str, Any]]:
    """Cost lines that changed between ``base`` and ``head`` (by stack, resource, item)."""
    def index(d: dict[str, Any]) -> dict[tuple[str, str, str], float]:
        out: dict[tuple[str, str, str], float] = defaultdict(float)
        for x in d["cost"]["lines"]:
            out[(x["stack"], x["resource"], x["item"])] += x["monthly"]
        return out
    h, b = index(head), index(base)
    rows = []
    for key in sorted(h.keys() | b.keys()):
        old, new = b.get(key), h.get(key)
        if old is None or new is None or abs(old - new) > 0.005:
            rows.append({"stack": key[0], "resource": key[1], "item": key[2],
                         "base": old, "head": new, "delta": (new or 0.0) - (old or 0.0)})
    return rows


def render(data: dict[str, Any], fmt: str) -> str:
    """``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        return json.dumps(data, indent=2, sort_keys=True) + "\n"
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=False, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env.get_template(f"estimate.{fmt}.j2").render(**data)
