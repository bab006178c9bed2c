"""``python main.py check``: the policy gate (Checkov + our policies, waivers, reports).

Without ``--input`` it synthesizes every stack into ``cdktf.out/`` first and checks that.
There is deliberately no option to skip Checkov: the gate fails closed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.errors import EXIT_TROUBLE, UserError
from cli.progress import Progress
from cli.synth import add_config_argument, synth_to
from policies.formats import GATE_FORMATS
from policies.rules._base import Settings
from stacks.synth import default_outdir

REPO = Path(__file__).resolve().parent.parent
DEFAULT_WAIVERS = REPO / "waivers.toml"
FORMATS = GATE_FORMATS


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``check``."""
    p = subparsers.add_parser(
        "check",
        help="run the policy gate (Checkov + our policies) and report",
        description=(
            "Gate Terraform before apply: Checkov and our own policies on synthesized JSON, "
            "hand-written .tf folders or `terraform show -json` plans; waivers from a TOML "
            "file. Without --input, synthesizes every stack into cdktf.out/ first."
        ),
        epilog="Exit codes: 0 clean, 1 unwaived blocking findings, 2 trouble "
               "(bad input, Checkov missing or failing, malformed waivers).",
    )
    p.add_argument(
        "--input", "-i", type=Path, action="append", default=None, metavar="PATH",
        help="synth folder (manifest.json), stack folder, .tf.json, folder of .tf files or "
             "plan JSON; repeatable (default: synthesize into cdktf.out and check it)",
    )
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="report format")
    p.add_argument("--output", "-o", type=Path, default=None,
                   help="write the report to this file (default: stdout)")
    p.add_argument("--waivers", type=Path, default=None,
                   help="waiver file (default: the repo's waivers.toml, for our own synth "
                        "output only; any other --input is checked without waivers)")
    add_config_argument(p)
    p.add_argument("--residency-tag-key", action="append", default=None, metavar="KEY",
                   help="tag key that marks data residency (repeatable; replaces the config's "
                        "[gate.residency] tag_keys; compared in any case, '-'/'_' ignored)")
    p.add_argument("--residency-eu-value", action="append", default=None, metavar="VALUE",
                   help="value of those tags that means EU data (repeatable; replaces the "
                        "config's [gate.residency] eu_values; compared in any case)")
    p.add_argument("--allowed-account", action="append", default=None, metavar="ACCOUNT_ID",
                   help="AWS account that bucket/key policies may grant data actions to "
                        "(repeatable; replaces the config's [gate] allowed_accounts; default: "
                        "none besides the owning account)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")


def waivers_path(arg: Path | None, inputs: list[Path] | None = None) -> Path | None:
    """The waiver file to use: the given one (must be a regular file); otherwise the repo's
    own ``waivers.toml``, but only for our own synth output (no ``--input``, or the default
    synth folder). Someone else's folder is checked without waivers unless asked."""
    if arg is not None:
        if not arg.exists():
            raise UserError(f"waiver file {arg} does not exist")
        if not arg.is_file():
            raise UserError(f"waiver file {arg} is not a regular file")
        return arg
    if inputs and not all(_is_own_output(p) for p in inputs):
        return None
    return DEFAULT_WAIVERS if DEFAULT_WAIVERS.is_file() else None


def _is_own_output(path: Path) -> bool:
    """True for the default synth folder (``cdktf.out`` or ``$CDKTF_OUTDIR``) or inside it."""
    own = default_outdir().resolve()
    target = path.resolve()
    return target == own or target.is_relative_to(own)


def gate_settings(args: argparse.Namespace) -> Settings:
    """The policy settings of this run: ``[gate]`` of ``--config`` (default
    ``regions/platform.toml``), overridden by the ``--residency-*`` flags; a bad value is a
    UserError naming it."""
    from regions import ConfigError, load_gate_settings
    from regions.gate_settings import ResidencySettings, check_accounts

    try:
        gate = load_gate_settings(getattr(args, "config", None))
        residency = gate.residency
        accounts = getattr(args, "allowed_account", None)
        allowed = gate.allowed_accounts if accounts is None else tuple(accounts)
        check_accounts("--allowed-account", allowed)
        keys = getattr(args, "residency_tag_key", None)
        values = getattr(args, "residency_eu_value", None)
        if keys is not None or values is not None:
            residency = ResidencySettings(
                tag_keys=tuple(keys) if keys is not None else residency.tag_keys,
                eu_values=tuple(values) if values is not None else residency.eu_values)
    except ConfigError as exc:
        raise UserError(f"invalid gate settings: {exc}") from None
    return Settings(residency_tag_keys=residency.tag_keys,
                    eu_residency_values=residency.eu_values,
                    allowed_principal_accounts=allowed)


def check_output(output: Path) -> None:
    """UserError, before anything is scanned, when the report could not be written to
    ``output``: a folder, a FIFO or device (writing would block), a path under a file, or a
    place this process may not write."""
    if output.is_dir():
        raise UserError(f"--output {output} is a directory; give a file path")
    if output.exists() and not output.is_file():
        raise UserError(f"--output {output} is not a regular file (a FIFO or device)")
    if output.exists() and not os.access(output, os.W_OK):
        raise UserError(f"--output {output} is not writable")
    parent = output.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise UserError(f"--output {output}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserError(f"--output {output}: cannot write in {parent}")


def run(args: argparse.Namespace) -> int:
    """Synthesize if needed, run the gate, write the report, return its exit code."""
    from policies.gate import run_gate
    from policies.reports import render

    progress = Progress(quiet=args.quiet)
    output: Path | None = args.output
    if output is not None:
        check_output(output)
    inputs: list[Path] = args.input or []
    settings = gate_settings(args)
    waivers = waivers_path(args.waivers, inputs)
    if not inputs:
        outdir = default_outdir()
        synth_to(args.config, outdir, progress)
        inputs = [outdir]
    result = run_gate(inputs, waivers=waivers, settings=settings, progress=progress)
    for issue in result.waiver_issues:
        progress(f"waiver {issue.kind}: {issue.waiver}: {issue.message}")
    if result.errors:
        raise UserError("; ".join(result.errors))
    report = render(result, args.format)
    if output is None:
        sys.stdout.write(report)
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write report {output}: {exc.strerror}") from None
        progress(f"report written to {output}")
    counts = result.counts()
    progress(f"gate exit {result.exit_code}: {counts['blocking']} blocking, "
             f"{counts['waived']} waived, {counts['advisory']} advisory")
    if result.exit_code == EXIT_TROUBLE:  # malformed waivers: the report says which
        raise UserError(f"malformed waiver file {waivers}: " + "; ".join(
            f"{i.waiver}: {i.message}" for i in result.waiver_issues if i.kind == "malformed"))
    return result.exit_code
