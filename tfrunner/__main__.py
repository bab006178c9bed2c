"""``python -m tfrunner apply --stack NAME``: apply a stack's saved, reviewed plan.

Used by the ``apply`` workflow after the plan artifact of a ``pull-request`` run was
downloaded (``cdktf.out/`` and ``plans/<stack>/<stack>.tfplan``). It re-runs ``init`` with
the same backend and applies exactly that plan file. Exit 0 applied, 2 trouble.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from progress import Progress
from tfrunner.errors import ManifestError, TerraformError
from tfrunner.options import add_runner_arguments, stacks_and_runner


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and apply; errors are one line on stderr and exit 2."""
    parser = argparse.ArgumentParser(prog="python -m tfrunner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    apply = sub.add_parser("apply", help="apply the saved plan of one stack")
    apply.add_argument("--stack", action="append", required=True, metavar="NAME")
    apply.add_argument("--quiet", "-q", action="store_true")
    add_runner_arguments(apply)
    args = parser.parse_args(argv)
    progress = Progress(quiet=args.quiet)
    try:
        stacks, runner = stacks_and_runner(args, progress)
        for stack in stacks:
            plan_file = runner.stack_dir(stack) / f"{stack.name}.tfplan"
            if not plan_file.is_file():
                raise TerraformError(f"no saved plan for stack {stack.name} at {plan_file}")
            runner.init(stack)
            runner.apply(stack, plan_file)
    except (ManifestError, TerraformError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
