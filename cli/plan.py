"""``python main.py plan``: per stack, init, plan to a file, ``show -json``, gate, summary.

Stacks run in manifest dependency order. Each stack's plan file, plan JSON and Markdown
summary (a pull-request comment) land in ``--output/<stack>/``. Exit 0 clean, 1 the gate
found blocking findings in some plan, 2 trouble (Terraform or the gate could not run).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cli.errors import EXIT_TROUBLE, UserError
from cli.progress import Progress
from policies.formats import SUMMARY_FORMATS

FORMATS = SUMMARY_FORMATS
#: Status of a stack whose upstream state does not exist yet (first deployment).
WAITING = "waiting-for-upstream"


def waiting_markdown(stack: str, reason: str) -> str:
    """The PR-comment summary of a stack that could not be planned yet."""
    return (f"<!-- plan-summary:{stack} -->\n### Plan for `{stack}`: {WAITING}\n\n"
            f"{reason}. It is planned, gated and applied after its upstream stacks: run the "
            "`apply` workflow with `first_deployment` (every stack in dependency order, one "
            "run).\n")


def _print_waiting(waiting: list[tuple[str, str]], fmt: str, *, json_too: bool = True) -> None:
    if fmt == "json" and json_too:
        entries = [{"stack": name, "status": WAITING, "reason": why} for name, why in waiting]
        sys.stdout.write(json.dumps({"plans": entries, "exit_code": 0}, indent=2,
                                    sort_keys=True) + "\n")
        return
    for name, why in waiting:
        sys.stdout.write(waiting_markdown(name, why) if fmt == "markdown"
                         else f"{name}: {WAITING} ({why})\n")


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``plan``."""
    from tfrunner.options import add_runner_arguments

    p = subparsers.add_parser(
        "plan",
        help="plan every stack and gate the plans",
        description=(
            "For each stack (manifest dependency order): terraform init with the backend in "
            "the stack's own region, plan to a file, show -json, the policy gate on the plan "
            "JSON, and a Markdown summary (adds/changes/destroys, replacements and why, gate "
            "findings) in OUTPUT/<stack>/summary.md."
        ),
        epilog="Exit codes: 0 clean, 1 blocking findings, 2 trouble.",
    )
    p.add_argument("--stack", action="append", default=[], metavar="NAME",
                   help="stack to plan (repeatable; default: every stack)")
    p.add_argument("--format", choices=FORMATS, default="text", help="stdout format")
    p.add_argument("--waivers", type=Path, default=None,
                   help="waiver file (default: waivers.toml at the repo root, if present)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress lines on stderr")
    add_runner_arguments(p)


def _text(summary: Any, exit_code: int) -> str:
    lines = [f"{summary.stack}: {summary.adds} to add, {summary.changes} to change, "
             f"{summary.destroys} to destroy ({len(summary.replacements)} replaced); "
             f"gate exit {exit_code}, {len(summary.findings)} finding(s)"]
    lines += [f"  replace {r.address}: {r.reason}"
              + (f" (forced by {', '.join(r.paths)})" if r.paths else "")
              for r in summary.replacements]
    lines += [f"  {f.policy_id} {f.severity.value} {f.enforcement.value}"
              f"{' waived' if f.waived else ''} {f.resource}: {f.message}"
              for f in summary.findings]
    return "\n".join(lines) + "\n"


def _json_entry(summary: Any, exit_code: int, json_file: Path) -> dict[str, Any]:
    from tfrunner.report import finding_dict

    return {
        "stack": summary.stack, "status": "planned", "plan_json": str(json_file),
        "gate_exit_code": exit_code,
        "add": summary.adds, "change": summary.changes, "destroy": summary.destroys,
        "replacements": [{"resource": r.address, "reason": r.reason, "paths": list(r.paths)}
                         for r in summary.replacements],
        "findings": [finding_dict(f) for f in summary.findings],
    }


def run(args: argparse.Namespace) -> int:
    """Plan every selected stack, gate all plans in one run, summarize each stack."""
    from cli.check import gate_settings, waivers_path
    from policies.gate import run_gate
    from tfrunner import ManifestError, TerraformError
    from tfrunner.errors import UpstreamStateMissing
    from tfrunner.options import stacks_and_runner
    from tfrunner.plansummary import PlanFormatError, render_markdown, summarize
    from tfrunner.verdict import current_commit, write_verdict

    progress = Progress(quiet=args.quiet)
    settings = gate_settings(args)  # [gate] of regions/platform.toml, checked before planning
    waiting: list[tuple[str, str]] = []
    try:
        stacks, runner = stacks_and_runner(args, progress)
        planned = []
        for stack in stacks:
            runner.init(stack)
            try:
                planned.append((stack, runner.plan(stack)))
            except UpstreamStateMissing as exc:
                # First deployment: nothing to gate or apply yet; not a failure of the run.
                progress(str(exc))
                waiting.append((stack.name, str(exc)))
                (runner.stack_dir(stack) / "summary.md").write_text(
                    waiting_markdown(stack.name, str(exc)), encoding="utf-8")
    except (ManifestError, TerraformError) as exc:
        raise UserError(str(exc)) from None
    if not planned:
        _print_waiting(waiting, args.format)
        return 0
    # One gate run over every plan (one Checkov process), always with Checkov: a plan is
    # never passed by a scanner that did not run. Findings carry the plan's stack name.
    progress(f"policy gate on {len(planned)} plan(s)")
    gate = run_gate([result.json_file for _stack, result in planned],
                    waivers=waivers_path(args.waivers), settings=settings,
                    progress=progress)
    for error in gate.errors:
        progress(f"gate error: {error}")
    commit = current_commit()
    worst = 0
    out_text: list[str] = []
    entries: list[dict[str, Any]] = []
    for stack, result in planned:
        mine = tuple(f for f in gate.findings if f.stack == stack.name)
        code = EXIT_TROUBLE if gate.exit_code == EXIT_TROUBLE else int(any(f.blocks for f in mine))
        try:
            summary = summarize(stack.name, result.plan, mine)
        except PlanFormatError as exc:
            raise UserError(str(exc)) from None
        # The verdict binds this result to the plan's bytes, stack and commit; apply
        # refuses any plan without a passing one.
        write_verdict(stack.name, result.plan_file, code, commit)
        markdown = render_markdown(summary, gate.errors, gate.checkov_ran)
        (runner.stack_dir(stack) / "summary.md").write_text(markdown, encoding="utf-8")
        worst = max(worst, code)
        entries.append(_json_entry(summary, code, result.json_file))
        out_text.append(markdown if args.format == "markdown" else _text(summary, code))
    if args.format == "json":
        entries += [{"stack": name, "status": WAITING, "reason": why} for name, why in waiting]
        sys.stdout.write(json.dumps({"plans": entries, "exit_code": worst}, indent=2,
                                    sort_keys=True) + "\n")
    else:
        sys.stdout.write("\n".join(out_text))
        _print_waiting(waiting, args.format, json_too=False)
    if worst == EXIT_TROUBLE:
        print("error: the policy gate could not decide on at least one plan", file=sys.stderr)
    return worst
