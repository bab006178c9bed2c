"""``python main.py drift``: what changed outside Terraform, and does it break a policy?

With ``--plan FILE`` it reads refresh-only plan JSON files (``terraform plan -refresh-only
-out=F`` then ``terraform show -json F``); otherwise it runs that plan for each stack
through the Terraform runner. Exit 0 no drift, 1 drift, 2 trouble.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.errors import UserError
from cli.progress import Progress
from policies.formats import SUMMARY_FORMATS

FORMATS = SUMMARY_FORMATS


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``drift``."""
    from tfrunner.options import add_runner_arguments

    p = subparsers.add_parser(
        "drift",
        help="detect drift and re-evaluate the policies on drifted values",
        description=(
            "Report every resource in a refresh-only plan's resource_drift with the attributes "
            "that changed (sensitive values masked), then run our policies on the drifted "
            "values: a drift that now breaks a policy carries those findings, the rest are "
            "benign. With --plan, reads plan JSON files (stack = file name without .json, or "
            "the --stack given in the same position); otherwise runs `terraform plan "
            "-refresh-only` per stack."
        ),
        epilog="Exit codes: 0 no drift, 1 drift, 2 trouble (malformed plan, missing file, "
               "Terraform failed).",
    )
    p.add_argument("--plan", action="append", type=Path, default=[], metavar="FILE",
                   help="refresh-only plan JSON (repeatable)")
    p.add_argument("--stack", action="append", default=[], metavar="NAME",
                   help="stack to check (repeatable; default: every stack in the manifest)")
    p.add_argument("--format", choices=FORMATS, default="text", help="report format")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    add_runner_arguments(p)


def _from_files(args: argparse.Namespace) -> list[tuple[str, str, dict[str, object]]]:
    from drift.planfile import PlanFileError, read_plan_json

    if args.stack and len(args.stack) != len(args.plan):
        raise UserError("with --plan, give either no --stack or one --stack per --plan")
    names = args.stack or [p.name.removesuffix(".json") for p in args.plan]
    out = []
    for name, path in zip(names, args.plan, strict=True):
        try:
            out.append((name, str(path), read_plan_json(path)))
        except PlanFileError as exc:
            raise UserError(str(exc)) from None
    return out


def _from_runner(args: argparse.Namespace,
                 progress: Progress) -> list[tuple[str, str, dict[str, object]]]:
    from tfrunner import ManifestError, TerraformError
    from tfrunner.options import stacks_and_runner

    try:
        stacks, runner = stacks_and_runner(args, progress)
        out = []
        for stack in stacks:
            runner.init(stack)
            result = runner.plan(stack, refresh_only=True)
            out.append((stack.name, str(result.json_file), dict(result.plan)))
        return out
    except (ManifestError, TerraformError) as exc:
        raise UserError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    """Collect plans, build the drift report, print it; exit 0/1 (2 via UserError)."""
    from cli.check import gate_settings
    from drift.detect import DriftError, detect
    from drift.report import to_json, to_markdown, to_text

    progress = Progress(quiet=args.quiet)
    settings = gate_settings(args)  # [gate] of --config: the same marker and allow-list as check
    plans = _from_files(args) if args.plan else _from_runner(args, progress)
    try:
        report = detect(plans, settings)
    except DriftError as exc:
        raise UserError(str(exc)) from None
    render = {"text": to_text, "json": to_json, "markdown": to_markdown}[args.format]
    sys.stdout.write(render(report))
    return report.exit_code
