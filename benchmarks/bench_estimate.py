"""Benchmark ``estimate`` on our synth output; prints figures, asserts nothing.

1. In process: load the synth folder into the model, compute and render the estimate
   (median of 5 runs after one warm-up).
2. ``python main.py estimate --input DIR`` as a child process (interpreter start included).
Target: < 1 s after the synth itself.

Run: ``.venv/bin/python benchmarks/bench_estimate.py [--synth-dir DIR]`` (without
``--synth-dir`` it synthesizes into a temporary folder first; the synth is not timed).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synth-dir", type=Path, default=None)
    args = parser.parse_args()
    synth_dir: Path = args.synth_dir or Path(tempfile.mkdtemp(prefix="bench-estimate-"))
    if args.synth_dir is None:
        subprocess.run([sys.executable, "main.py", "synth", "--output", str(synth_dir), "-q"],
                       cwd=REPO, check=True)
    from estimate.report import estimate, render, to_dict
    from policies.loaders import load
    from regions import load_config

    demand = load_config().demand
    times = []
    for _ in range(6):
        start = time.perf_counter()
        render(to_dict(estimate(load(synth_dir), demand)), "text")
        times.append(time.perf_counter() - start)
    model = load(synth_dir)
    print(f"in process: {statistics.median(times[1:]) * 1000:.1f} ms median "
          f"({sum(1 for _ in model.resources())} resources, load + compute + render)")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "main.py", "estimate", "--input", str(synth_dir),
                           "-q"], cwd=REPO, capture_output=True, check=False)
    wall = time.perf_counter() - start
    print(f"python main.py estimate: {wall:.2f} s wall (exit {proc.returncode}); "
          f"target < 1 s after the synth: {'met' if wall < 1 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
