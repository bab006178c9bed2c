"""Stack names, state keys and dependency order, derived from the config alone.

Pure Python (no cdktf import) so CI templates, runbooks and the Terraform runner can
list stacks without loading jsii.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordering import DependencyCycle, dependency_order
from regions import ConfigError, PlatformConfig

EDGE_STACK = "edge"
GLOBAL_STACK = "global"


def state_key_alias(state_bucket: str) -> str:
    """Alias (without ``alias/``) of the KMS key that encrypts ``state_bucket``: the state
    stack creates it and every S3 backend names it in ``kms_key_id``."""
    return state_bucket


@dataclass(frozen=True)
class StackSpec:
    """Where one stack runs and keeps its state."""

    name: str
    """Stack name (folder under cdktf.out/stacks/)."""
    kind: str
    """``state`` (bootstrap, local state: a state bucket, or with ``replicates_to`` the
    copy of one into another region), ``global`` (hosted zone, CI identity),
    ``app`` (serving region), ``standby`` (a jurisdiction's warm standby) or ``edge``."""
    region: str
    """Region of the stack's default provider and of its state bucket."""
    residency: str
    """Data residency of what the stack holds (``us``/``eu``)."""
    state_bucket: str | None
    """Bucket holding its state; None for bootstrap stacks (local state)."""
    state_key: str | None
    """Object key of its state in ``state_bucket``."""
    depends_on: tuple[str, ...] = ()
    """Stacks that must be applied first."""
    replicates_to: str | None = None
    """For a state-replication bootstrap stack: the region whose state bucket receives the
    copy of ``region``'s state bucket; None for every other stack."""


def state_stack_name(region: str) -> str:
    """Name of the bootstrap stack that owns ``region``'s state bucket."""
    return f"state-{region}"


def state_replication_stack_name(region: str) -> str:
    """Name of the bootstrap stack that replicates ``region``'s state bucket."""
    return f"state-replication-{region}"


def state_replica_region(config: PlatformConfig, region: str) -> str:
    """Region whose state bucket holds the copy of ``region``'s state: a serving region's
    ``dr_region`` (same jurisdiction, or the US data's DR region), and for a standby-only
    region the serving region it stands in for (EU <-> EU)."""
    serving = config.serving_region_named(region)
    if serving is not None:
        return serving.dr_region
    return next(r.region for r in config.regions
                if r.standby is not None and r.standby.state_bucket and r.dr_region == region)


def app_stack_name(region: str) -> str:
    """Name of the app stack of a serving region."""
    return f"app-{region}"


def standby_stack_name(key: str, region: str) -> str:
    """Name of the warm-standby stack of serving region ``key``, in ``region``."""
    return f"standby-{key}-{region}"


def stack_specs(config: PlatformConfig) -> list[StackSpec]:
    """Every stack, in an order that respects dependencies (apply order)."""
    specs: list[StackSpec] = []
    for r in config.regions:
        specs.append(StackSpec(state_stack_name(r.region), "state", r.region, r.residency,
                               None, None))
    # A standby region that serves nobody gets its own state bucket (bootstrap stack), so
    # the standby's state survives the loss of the primary region.
    for r in config.regions:
        if r.standby is not None and r.standby.state_bucket:
            specs.append(StackSpec(state_stack_name(r.dr_region), "state", r.dr_region,
                                   r.residency, None, None))
    # The cross-region copy of each state bucket, in its own bootstrap stack applied after
    # every state stack: the destination bucket exists and is versioned first, and the
    # mutual EU pair (eu-west-1 <-> eu-central-1) is no cycle. It names the destination by
    # its deterministic bucket name and key alias, never by a cross-stack reference. It runs
    # after ``global`` too: its replication role carries the workload permissions boundary
    # (stacks/boundary.py), a policy ``global`` creates.
    states = [s for s in specs if s.kind == "state"]
    replications = []
    for s in states:
        dest = state_replica_region(config, s.region)
        if dest not in {t.region for t in states}:
            # No state bucket there to copy into: no copy (HAP_REC_001 then reports the
            # state bucket's RPO/RTO miss; a [regions.standby] state_bucket gives one).
            continue
        replications.append(StackSpec(
            state_replication_stack_name(s.region), "state", s.region, s.residency, None, None,
            (s.name, state_stack_name(dest), GLOBAL_STACK), replicates_to=dest))
    edge_home = next(r for r in config.regions if r.region == config.edge_region)
    specs.append(StackSpec(GLOBAL_STACK, "global", config.edge_region, edge_home.residency,
                           edge_home.state_bucket, f"{GLOBAL_STACK}/terraform.tfstate",
                           (state_stack_name(config.edge_region),)))
    specs += replications
    apps = []
    for r in config.regions:
        # The app stacks validate their ALB certificates in the global stack's zone.
        deps = [state_stack_name(r.region), GLOBAL_STACK]
        # A region without a standby has its DR replica managed from the app stack of its
        # dr_region (that state survives the loss of the source region): it depends on it.
        deps += [app_stack_name(o.region) for o in config.regions
                 if o.dr_region == r.region and o is not r and o.standby is None]
        apps.append(StackSpec(app_stack_name(r.region), "app", r.region, r.residency,
                              r.state_bucket, f"{app_stack_name(r.region)}/terraform.tfstate",
                              tuple(deps)))
    specs += _topological(apps)
    standbys = []
    for r in config.regions:
        if r.standby is None:
            continue
        # The replica of the primary and its serving tier: after the primary's app stack,
        # state in a bucket of the standby region (it survives the primary region's loss).
        name = standby_stack_name(r.key, r.dr_region)
        host = config.serving_region_named(r.dr_region)
        bucket = host.state_bucket if host else r.standby.state_bucket
        standbys.append(StackSpec(name, "standby", r.dr_region, r.residency, bucket,
                                  f"{name}/terraform.tfstate",
                                  (state_stack_name(r.dr_region), GLOBAL_STACK,
                                   app_stack_name(r.region))))
    specs += standbys
    specs.append(StackSpec(EDGE_STACK, "edge", config.edge_region, edge_home.residency,
                           edge_home.state_bucket, f"{EDGE_STACK}/terraform.tfstate",
                           (GLOBAL_STACK, *(s.name for s in apps + standbys))))
    return specs


def _topological(specs: list[StackSpec]) -> list[StackSpec]:
    """``specs`` reordered so each comes after those it depends on (stable otherwise); a
    loop of DR dependencies (a -> b -> c -> a) is a ConfigError naming it."""
    try:
        return dependency_order(specs, lambda s: s.name, lambda s: s.depends_on)
    except DependencyCycle as exc:
        raise ConfigError(f"stack dependency cycle: {exc} (each app stack manages the DR "
                          "copies of the regions that name it as dr_region)") from None
