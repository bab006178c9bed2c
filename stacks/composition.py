"""Wire the stacks from the config: the composition behind ``main.build_app``."""

from __future__ import annotations

from cdktf import App

from modules.edge.latency_records import RegionalEndpoint
from regions import PlatformConfig
from regions.aws_regions import is_eu
from stacks.app_stack import AppStack, AppStackProps, ReplicaSource
from stacks.edge_stack import EdgeStack, EdgeStackProps
from stacks.global_stack import GlobalStack, GlobalStackProps
from stacks.names import stack_specs
from stacks.state_stack import StateStack, StateStackProps


def compose(config: PlatformConfig, outdir: str) -> App:
    """An App holding every stack of ``config``, ready to ``synth()``."""
    app = App(outdir=outdir, stack_traces=False)
    serving = {r.region for r in config.regions}
    # CloudFront's standard logs hold EU users' IP addresses: keep them in the EU.
    cdn_log_home = next(r for r in config.regions if is_eu(r.region))
    apps: dict[str, AppStack] = {}
    states: dict[str, StateStack] = {}
    glob: GlobalStack | None = None
    for spec in stack_specs(config):
        if spec.kind == "state":
            region = next(r for r in config.regions if r.region == spec.region)
            states[region.region] = StateStack(
                app, spec.name, props=StateStackProps(platform=config, region=region))
        elif spec.kind == "app":
            region = next(r for r in config.regions if r.region == spec.region)
            sources = tuple(
                ReplicaSource(key=o.key, residency=o.residency,
                              db_arn=apps[o.key].database.outputs.arn,
                              instance_class=o.database.instance_class)
                for o in config.regions if o.dr_region == region.region and o.key in apps)
            assert spec.state_key is not None and glob is not None
            apps[region.key] = AppStack(app, spec.name, props=AppStackProps(
                platform=config, region=region, state_key=spec.state_key,
                dr_is_serving_region=region.dr_region in serving, zone_id=glob.zone_id,
                replica_sources=sources, cdn_logs=region is cdn_log_home))
            # The state bucket must exist first: make that order visible in manifest.json.
            apps[region.key].add_dependency(states[region.region])
        elif spec.kind == "global":
            assert spec.state_key is not None
            glob = GlobalStack(app, spec.name, props=GlobalStackProps(
                platform=config, state_key=spec.state_key))
            glob.add_dependency(states[spec.region])
        elif spec.kind == "edge":
            assert glob is not None and spec.state_key is not None
            _edge(app, spec.name, config, glob, apps, cdn_log_home.key, spec.state_key)
    return app


def _edge(app: App, name: str, config: PlatformConfig, glob: GlobalStack,
          apps: dict[str, AppStack], cdn_log_key: str, state_key: str) -> EdgeStack:
    """The edge stack, fed only with what the global and app stacks export."""
    ordered = [apps[r.key] for r in config.regions]
    cdn_logs = apps[cdn_log_key].storage.outputs.cdn_log_domain
    assert cdn_logs is not None
    return EdgeStack(app, name, props=EdgeStackProps(
        platform=config, zone_id=glob.zone_id,
        endpoints=tuple(RegionalEndpoint(
            key=a.serving.key, aws_region=a.serving.aws_region,
            alb_dns_name=a.serving.alb_dns_name, alb_zone_id=a.serving.alb_zone_id,
            health_check_path=a.serving.health_check_path) for a in ordered),
        # US assets (the first region's) fall back to their own replica in the DR region.
        assets_bucket_domains=(ordered[0].storage.outputs.assets_origin_domain,
                               ordered[0].storage.outputs.assets_replica_origin_domain),
        origin_secrets=tuple(a.serving for a in ordered),
        log_bucket_domain=cdn_logs,
        log_bucket_region=apps[cdn_log_key].config.region,
        state_key=state_key))
