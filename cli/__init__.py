"""Thin command-line layer: parse arguments, call plain functions, map errors to exit codes.

Exit codes follow diff(1): 0 clean, 1 findings or drift, 2 trouble. Every command module
exposes ``add_parser(subparsers)`` and ``run(args) -> int`` and imports heavy things
(cdktf, Checkov runners) only inside ``run`` so that ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from cli.errors import EXIT_TROUBLE, UserError

#: Subcommands, each implemented by ``cli.<name>``.
COMMANDS: tuple[str, ...] = ("synth", "check", "plan", "drift", "estimate")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description=(
            "Generate, gate, plan and watch the two-region HA web platform. "
            "With no command, synthesizes every stack into $CDKTF_OUTDIR or cdktf.out/ "
            "(what `cdktf synth` runs)."
        ),
        epilog="Exit codes: 0 clean, 1 findings or drift, 2 trouble (bad input, a tool failed).",
    )
    parser.add_argument("--debug", action="store_true",
                        help="on an unexpected error, show the Python traceback too")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"cli.{name}").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # No arguments: what `cdktf synth` runs. The cdktf CLI reports stderr lines as errors
    # and shows its own progress, so stay quiet there.
    args = parser.parse_args(args_list or ["synth", "--quiet"])
    module = importlib.import_module(f"cli.{args.command}")
    try:
        return int(module.run(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_TROUBLE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_TROUBLE
    except RecursionError:
        print("error: input nested too deeply to read", file=sys.stderr)
        return EXIT_TROUBLE
    except Exception as exc:  # noqa: BLE001 - the exit contract: trouble is 2, never a trace
        if args.debug:
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__} in `{args.command}`: {exc} "
              "(a bug: rerun with --debug for the traceback)", file=sys.stderr)
        return EXIT_TROUBLE
