"""The facts a region's disaster-recovery runbook is rendered from.

Names follow the stacks' conventions (``stacks/app_stack.py``): prefix
``<project>-<environment>-<key>``, database ``<prefix>-primary``, the cross-region replica of
a region's database ``<project>-<environment>-<key>-dr`` in its DR region, ECS cluster
``<prefix>`` and service ``<prefix>-app``, DR key ``alias/<prefix>-dr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regions import PlatformConfig, RegionConfig
from regions.aws_regions import is_eu

#: The seed's objectives (architecture-exercise.txt, "Disaster Recovery Plan").
RTO_MINUTES = 60
RPO_MINUTES = 15


@dataclass(frozen=True)
class Names:
    """Resource names of one serving region."""

    prefix: str
    """``<project>-<environment>-<key>``."""
    db_primary: str
    """RDS identifier of the primary."""
    db_replica: str
    """RDS identifier of its cross-region replica (in the DR region, when that serves)."""
    cluster: str
    """ECS cluster."""
    service: str
    """ECS service."""
    dr_key_alias: str
    """KMS alias of the DR copies' key."""


def names_of(config: PlatformConfig, region: RegionConfig) -> Names:
    """Resource names of ``region``."""
    prefix = f"{config.project}-{config.environment}-{region.key}"
    return Names(prefix, f"{prefix}-primary", f"{prefix}-dr", prefix, f"{prefix}-app",
                 f"alias/{prefix}-dr")


def runbook_context(config: PlatformConfig, region: RegionConfig) -> dict[str, Any]:
    """Template context for ``templates/runbook.md.j2``."""
    serving = {r.region: r for r in config.regions}
    takeover = serving.get(region.dr_region)
    others = [r for r in config.regions if r is not region]
    # Which serving region's users absorb this region's traffic while it is down:
    # EU users stay on EU infrastructure only.
    traffic_to = [r for r in others if region.residency != "eu" or is_eu(r.region)]
    return {
        "config": config,
        "r": region,
        "n": names_of(config, region),
        "takeover": takeover,
        "takeover_names": names_of(config, takeover) if takeover else None,
        "traffic_to": traffic_to,
        "others": others,
        "eu": region.residency == "eu",
        "rto": RTO_MINUTES,
        "rpo": RPO_MINUTES,
        "db": region.database,
        "svc": region.service,
        "scaled_min": min(region.service.max_tasks, region.service.min_tasks * 2),
    }
