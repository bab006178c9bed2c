"""``python main.py synth``: write Terraform JSON for every stack."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.errors import EXIT_CLEAN, UserError
from cli.progress import Progress
from stacks.synth import default_outdir


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``synth``."""
    p = subparsers.add_parser(
        "synth",
        help="synthesize every stack to Terraform JSON",
        description=(
            "Synthesize every stack (state bootstrap per region, app per serving region, "
            "edge) into OUTPUT/stacks/<name>/cdk.tf.json with a manifest.json. "
            "Same inputs give byte-identical output."
        ),
    )
    p.add_argument(
        "--output", "-o", type=Path, default=None,
        help="output folder (default: $CDKTF_OUTDIR or cdktf.out)",
    )
    add_config_argument(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")


def add_config_argument(p: argparse.ArgumentParser) -> None:
    """The ``--config`` option shared by commands that synthesize."""
    p.add_argument(
        "--config", type=Path, default=None,
        help="platform config TOML (default: regions/platform.toml)",
    )


def synth_to(config_path: Path | None, outdir: Path, progress: Progress) -> list[str]:
    """Load and validate the config, then synthesize; config errors become UserError."""
    from regions import ConfigError, load_config
    from stacks.names import stack_specs
    from stacks.synth import OutputDirError, synthesize

    try:
        config = load_config(config_path)
        stack_specs(config)  # a dependency cycle is a config error, found before any synth
    except ConfigError as exc:
        raise UserError(f"invalid config: {exc}") from None
    try:
        return synthesize(config, outdir, progress)
    except OutputDirError as exc:
        raise UserError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Synthesize and report where the output went."""
    progress = Progress(quiet=getattr(args, "quiet", False))
    outdir = args.output if getattr(args, "output", None) else default_outdir()
    names = synth_to(getattr(args, "config", None), outdir, progress)
    progress(f"wrote {len(names)} stacks to {outdir}: {', '.join(names)}")
    return EXIT_CLEAN
