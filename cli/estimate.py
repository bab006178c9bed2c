"""``python main.py estimate``: capacity, cost, availability and recovery of the topology.

Without ``--input`` it synthesizes every stack first (like ``check``); ``--input`` takes a
synth folder or a plan JSON. ``--base`` adds the cost difference against a base input
(the PR comment: head vs base).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from cli.errors import EXIT_TROUBLE, UserError
from cli.progress import Progress
from cli.synth import add_config_argument, synth_to
from policies.formats import SUMMARY_FORMATS
from stacks.synth import default_outdir

FORMATS = SUMMARY_FORMATS


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``estimate``."""
    p = subparsers.add_parser(
        "estimate", help="capacity, monthly cost, availability and RPO/RTO of the topology",
        description="Compute the platform's numbers from the synthesized topology and the "
                    "[demand] table of the config: capacity per region, cost line by line "
                    "against the budget and the seed's estimate, composite availability from "
                    "published SLAs, RPO/RTO per data store.",
        epilog="Exit codes: 0 all targets met, 1 a target missed, 2 trouble.")
    p.add_argument("--input", "-i", type=Path, default=None, metavar="PATH",
                   help="synth folder or plan JSON (default: synthesize into cdktf.out)")
    p.add_argument("--base", type=Path, default=None, metavar="PATH",
                   help="synth folder or plan JSON of the base: show the cost change")
    p.add_argument("--users", type=int, default=None, metavar="N",
                   help="daily active users instead of the config's (e.g. 10000000)")
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="output format")
    add_config_argument(p)
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")


def run(args: argparse.Namespace) -> int:
    """Load the model, compute, print; 0 targets met, 1 one missed."""
    from estimate.prices import PriceError
    from estimate.report import diff, estimate, render, to_dict
    from policies.loaders import LoadError, load
    from regions import ConfigError, load_config

    progress = Progress(quiet=args.quiet)
    try:
        demand = load_config(args.config).demand
        if args.users is not None:
            demand = dataclasses.replace(demand, daily_active_users=args.users)
    except ConfigError as exc:
        raise UserError(f"invalid config: {exc}") from None
    path: Path = args.input
    if path is None:
        path = default_outdir()
        synth_to(args.config, path, progress)
    try:
        data = to_dict(estimate(load(path), demand))
        if args.base is not None:
            base = to_dict(estimate(load(args.base), demand))
            data["base"] = {"total": base["cost"]["total"]}
            data["changes"] = diff(data, base)
    except (LoadError, PriceError) as exc:
        raise UserError(str(exc)) from None
    sys.stdout.write(render(data, args.format))
    missed = [k for k, ok in data["targets"].items() if not ok]
    progress(f"estimate exit {1 if missed else 0}: "
             + (f"missed {', '.join(missed)}" if missed else "all targets met"))
    return 1 if missed else 0


__all__ = ["EXIT_TROUBLE", "add_parser", "run"]
