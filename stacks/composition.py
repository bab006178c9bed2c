"""Wire the stacks from the config: the composition behind ``main.build_app``."""

from __future__ import annotations

from cdktf import App

from regions import PlatformConfig
from stacks.app_stack import AppStack, AppStackProps, ReplicaSource
from stacks.names import stack_specs
from stacks.state_stack import StateStack, StateStackProps


def compose(config: PlatformConfig, outdir: str) -> App:
    """An App holding every stack of ``config``, ready to ``synth()``."""
    app = App(outdir=outdir, stack_traces=False)
    serving = {r.region for r in config.regions}
    apps: dict[str, AppStack] = {}
    states: dict[str, StateStack] = {}
    for spec in stack_specs(config):
        if spec.kind == "state":
            region = next(r for r in config.regions if r.region == spec.region)
            states[region.region] = StateStack(
                app, spec.name, props=StateStackProps(platform=config, region=region))
        elif spec.kind == "app":
            region = next(r for r in config.regions if r.region == spec.region)
            sources = tuple(
                ReplicaSource(key=o.key, residency=o.residency,
                              db_arn=apps[o.key].database.primary.arn,
                              instance_class=o.database.instance_class)
                for o in config.regions if o.dr_region == region.region and o.key in apps)
            assert spec.state_key is not None
            apps[region.key] = AppStack(app, spec.name, props=AppStackProps(
                platform=config, region=region, state_key=spec.state_key,
                dr_is_serving_region=region.dr_region in serving, replica_sources=sources))
            # The state bucket must exist first: make that order visible in manifest.json.
            apps[region.key].add_dependency(states[region.region])
    return app
