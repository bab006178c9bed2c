"""``python -m rehearsal [--synth-dir DIR] [--work DIR] [--json FILE] [--stack NAME ...]``:
run the rehearsal (of every stack, or of the named ones and what they depend on) and print what
planned and applied per stack and per resource type.

Exit codes: 0 every stack validated, planned, applied and showed no drift, and every change
made behind Terraform's back was flagged; 1 some did not; 2 the rehearsal could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from rehearsal.report import render_text, summary
from rehearsal.run import Rehearsal, RehearsalError


def main(argv: list[str] | None = None) -> int:
    """Run the rehearsal; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m rehearsal", description=__doc__)
    parser.add_argument("--synth-dir", type=Path, default=Path("cdktf.out"),
                        help="synth output to rehearse (default: cdktf.out)")
    parser.add_argument("--work", type=Path, default=None,
                        help="work folder for the copy, states and plans (default: a temp dir)")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON")
    parser.add_argument("--stack", action="append", default=[], metavar="NAME",
                        help="rehearse only this stack and the stacks it depends on "
                             "(repeatable; default: every stack)")
    args = parser.parse_args(argv)
    if not (args.synth_dir / "manifest.json").is_file():
        print(f"error: no manifest.json in {args.synth_dir} (run `python main.py synth`)",
              file=sys.stderr)
        return 2
    work = args.work or Path(tempfile.mkdtemp(prefix="rehearsal-"))
    try:
        report = Rehearsal(args.synth_dir, work,
                           lambda m: print(f"rehearsal: {m}", file=sys.stderr),
                           tuple(args.stack)).run()
    except RehearsalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(render_text(report))
    if args.json:
        args.json.write_text(json.dumps(summary(report), indent=2, sort_keys=True))
    ok = summary(report)["complete"]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
