"""``python -m tfrunner apply --stack NAME``: apply a stack's saved, reviewed plan.

Used by the ``apply`` workflow after the plan artifact of a ``pull-request`` run was
downloaded (``cdktf.out/`` and ``plans/<stack>/<stack>.tfplan``). It re-runs ``init`` with
the same backend and applies exactly that plan file, and only when the gate verdict that
``plan`` wrote next to it (``<stack>.verdict.json``) passed for exactly those bytes and that
stack (see ``tfrunner.verdict``); ``--expect-commit SHA`` also pins the commit the plan came
from. Exit 0 applied, 2 trouble or refused (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from progress import Progress
from tfrunner.errors import ManifestError, TerraformError
from tfrunner.options import add_runner_arguments, stacks_and_runner
from tfrunner.verdict import verify_verdict


def _redact(source: Path, target: Path) -> int:
    from drift.planfile import PlanFileError, read_plan_json
    from drift.redact import redact_plan

    try:
        plan = read_plan_json(source)
    except PlanFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(redact_plan(plan), indent=2, sort_keys=True) + "\n"
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and apply; errors are one line on stderr and exit 2."""
    parser = argparse.ArgumentParser(prog="python -m tfrunner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    apply = sub.add_parser("apply", help="apply the saved plan of one stack")
    which = apply.add_mutually_exclusive_group(required=True)
    which.add_argument("--stack", action="append", metavar="NAME",
                       help="stack whose saved plan to apply (repeatable)")
    which.add_argument("--all", action="store_true",
                       help="every stack of the manifest, in dependency order")
    apply.add_argument("--expect-commit", default=None, metavar="SHA",
                       help="refuse a plan whose verdict names another commit")
    apply.add_argument("--quiet", "-q", action="store_true")
    add_runner_arguments(apply)
    redact = sub.add_parser("redact", help="mask every sensitive value of a JSON plan "
                                           "(run before uploading it as an artifact)")
    redact.add_argument("input", type=Path, help="`terraform show -json` plan")
    redact.add_argument("output", type=Path, help="where the redacted plan is written")
    args = parser.parse_args(argv)
    if args.command == "redact":
        return _redact(args.input, args.output)
    progress = Progress(quiet=args.quiet)
    try:
        stacks, runner = stacks_and_runner(args, progress)
        for stack in stacks:
            plan_file = runner.stack_dir(stack) / f"{stack.name}.tfplan"
            if not plan_file.is_file():
                raise TerraformError(f"no saved plan for stack {stack.name} at {plan_file}")
            verify_verdict(stack.name, plan_file, expect_commit=args.expect_commit)
            runner.init(stack)
            runner.apply(stack, plan_file)
    except (ManifestError, TerraformError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
