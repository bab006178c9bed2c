"""Benchmark the rehearsal: wall time and peak memory (of the Terraform child processes) per
phase, and the share of planned resources that applied. Prints figures, asserts nothing.

Run: ``.venv/bin/python benchmarks/bench_rehearsal.py [--synth-dir cdktf.out] [--stack NAME]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    from rehearsal.report import summary
    from rehearsal.run import Rehearsal

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synth-dir", type=Path, default=REPO / "cdktf.out")
    parser.add_argument("--stack", action="append", default=[], metavar="NAME",
                        help="only this stack and what it depends on (repeatable)")
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-rehearsal-") as tmp:
        report = Rehearsal(args.synth_dir, Path(tmp) / "work", only=tuple(args.stack)).run()
    total = time.perf_counter() - start
    data = summary(report)
    print(f"rehearsal of {args.synth_dir}: {total:.1f} s wall in all")
    for phase, t in data["timings"].items():
        print(f"  {phase:<9} {t['seconds']:8.1f} s  ({100 * t['seconds'] / total:4.1f}%)  "
              f"peak child RSS {t['peak_mib']:7.1f} MiB")
    print(f"  applied {data['applied']} of {data['planned']} planned resources "
          f"({100 * data['applied_share']:.1f}%; goal >= 90%)")


if __name__ == "__main__":
    main()
