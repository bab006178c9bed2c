"""Wire the stacks from the config: the composition behind ``main.build_app``."""

from __future__ import annotations

from cdktf import App

from modules.edge.geo_failover_routing import FailoverPair
from modules.edge.latency_records import RegionalEndpoint
from regions import PlatformConfig
from regions.aws_regions import is_eu
from stacks.app_stack import AppStack, AppStackProps, ReplicaSource
from stacks.edge_stack import EdgeStack, EdgeStackProps
from stacks.global_stack import GlobalStack, GlobalStackProps
from stacks.names import stack_specs
from stacks.serving import ServingTierOutputs
from stacks.standby_stack import StandbyStack, StandbyStackProps, standby_region
from stacks.state_replication_stack import StateReplicationStack, StateReplicationStackProps
from stacks.state_stack import StateStack, StateStackProps


def compose(config: PlatformConfig, outdir: str) -> App:
    """An App holding every stack of ``config``, ready to ``synth()``."""
    app = App(outdir=outdir, stack_traces=False)
    serving = {r.region for r in config.regions}
    # CloudFront's standard logs hold EU users' IP addresses: keep them in the EU.
    cdn_log_home = next(r for r in config.regions if is_eu(r.region))
    apps: dict[str, AppStack] = {}
    standbys: dict[str, StandbyStack] = {}
    states: dict[str, StateStack] = {}
    glob: GlobalStack | None = None
    for spec in stack_specs(config):
        if spec.kind == "state" and spec.replicates_to is not None:
            src, dest = states[spec.region], states[spec.replicates_to]
            copy = StateReplicationStack(app, spec.name, props=StateReplicationStackProps(
                platform=config, region=spec.region, residency=spec.residency,
                source_bucket=src.bucket_name, destination_region=spec.replicates_to,
                destination_bucket=dest.bucket_name))
            # Both state buckets must exist (and be versioned) first, and global's workload
            # boundary, which the replication role carries: manifest.json says so.
            assert glob is not None
            copy.add_dependency(src)
            copy.add_dependency(dest)
            copy.add_dependency(glob)
        elif spec.kind == "state":
            # A serving region, or a standby-only region (its config derived from the
            # region it stands in for).
            region = next((r for r in config.regions if r.region == spec.region), None) \
                or next(standby_region(config, r) for r in config.regions
                        if r.standby is not None and r.dr_region == spec.region)
            states[region.region] = StateStack(
                app, spec.name, props=StateStackProps(platform=config, region=region))
        elif spec.kind == "app":
            region = next(r for r in config.regions if r.region == spec.region)
            # Another region's replica lives in that region's standby stack, unless it has
            # none (then this stack hosts it, as before standbys existed).
            sources = tuple(
                ReplicaSource(key=o.key, residency=o.residency,
                              db_arn=apps[o.key].database.outputs.arn,
                              instance_class=o.database.instance_class)
                for o in config.regions
                if o.dr_region == region.region and o.key in apps and o.standby is None)
            assert spec.state_key is not None and glob is not None
            apps[region.key] = AppStack(app, spec.name, props=AppStackProps(
                platform=config, region=region, state_key=spec.state_key,
                dr_is_serving_region=region.dr_region in serving, zone_id=glob.zone_id,
                replica_sources=sources, cdn_logs=region is cdn_log_home))
            # The state bucket must exist first: make that order visible in manifest.json.
            apps[region.key].add_dependency(states[region.region])
        elif spec.kind == "standby":
            primary = next(r for r in config.regions if spec.name.startswith(f"standby-{r.key}-"))
            assert spec.state_key is not None and glob is not None
            standbys[primary.key] = StandbyStack(app, spec.name, props=StandbyStackProps(
                platform=config, primary=primary, state_key=spec.state_key,
                zone_id=glob.zone_id, source_db_arn=apps[primary.key].database.outputs.arn,
                replica_key_arn=apps[primary.key].dr_key.arn,
                redis_global_id=apps[primary.key].redis_global_id,
                owns_threat_detection=primary.dr_region not in serving,
                owns_admin_access=primary.dr_region not in serving))
            standbys[primary.key].add_dependency(states[spec.region])
        elif spec.kind == "global":
            assert spec.state_key is not None
            glob = GlobalStack(app, spec.name, props=GlobalStackProps(
                platform=config, state_key=spec.state_key))
            glob.add_dependency(states[spec.region])
        elif spec.kind == "edge":
            assert glob is not None and spec.state_key is not None
            _edge(app, spec.name, config, glob, apps, standbys, cdn_log_home.key,
                  spec.state_key)
    return app


def _endpoint(s: ServingTierOutputs) -> RegionalEndpoint:
    return RegionalEndpoint(key=s.key, aws_region=s.aws_region, alb_dns_name=s.alb_dns_name,
                            alb_zone_id=s.alb_zone_id, health_check_path=s.health_check_path)


def _edge(app: App, name: str, config: PlatformConfig, glob: GlobalStack,
          apps: dict[str, AppStack], standbys: dict[str, StandbyStack], cdn_log_key: str,
          state_key: str) -> EdgeStack:
    """The edge stack, fed only with what the global, app and standby stacks export."""
    ordered = [apps[r.key] for r in config.regions]
    cdn_logs = apps[cdn_log_key].storage.outputs.cdn_log_domain
    assets = ordered[0].storage.outputs
    assert cdn_logs is not None
    assert assets.assets_origin_domain and assets.assets_replica_origin_domain
    # One failover pair per jurisdiction: its primary region, then its standby.
    pairs = tuple(FailoverPair(
        key=r.key, residency=r.residency,
        primary=_endpoint(apps[r.key].serving), secondary=_endpoint(standbys[r.key].serving))
        for r in config.regions if r.key in standbys)
    return EdgeStack(app, name, props=EdgeStackProps(
        platform=config, zone_id=glob.zone_id, failover_pairs=pairs,
        endpoints=tuple(_endpoint(a.serving) for a in ordered),
        alarm_topic_arn=apps[next(r.key for r in config.regions
                                  if r.region == config.edge_region)].serving.alerts_topic_arn,
        # US assets (the first region's) fall back to their own replica in the DR region.
        assets_bucket_domains=(assets.assets_origin_domain, assets.assets_replica_origin_domain),
        # Every tier's origin-verification header, the standbys' included.
        origin_secrets=tuple(a.serving for a in ordered) + tuple(
            standbys[r.key].serving for r in config.regions if r.key in standbys),
        log_bucket_domain=cdn_logs,
        log_bucket_region=apps[cdn_log_key].config.region,
        state_key=state_key))
