"""Benchmark the gate; prints figures, asserts nothing.

1. Our policies on a generated synth-form input of N resources (default 10,000) across
   10 stacks: load time and ``policies.engine.findings`` time, each with peak Python
   memory (tracemalloc). Target: policies < 2 s.
2. ``python main.py check`` (caches off) on the default topology against a bare Checkov run on
   the same folder: wall time and peak RSS of the child processes, and the ratio. Target <= 1.2x.
   Bare Checkov on the raw synth folder hits the required_version trap (parse errors,
   nothing checked), so the fair baseline is bare Checkov on a copy with that one setting
   removed; both are printed.

3. What ``make gate`` runs (``python main.py check``: synth, then the gate) three ways: with the
   caches off (the behaviour before the cache), on a cold cache, and re-run unchanged on the
   warm cache. Targets: warm < 3 s; cold no slower than caches off (within noise).

Run: ``.venv/bin/python benchmarks/bench_gate.py [--synth-dir cdktf.out] [--skip-make-gate]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _bucket(i: int) -> dict[str, dict[str, Any]]:
    b = f"data_{i}"
    return {
        "aws_s3_bucket": {b: {"bucket": f"bench-{i}", "tags": {"DataResidency": "eu"}}},
        "aws_s3_bucket_versioning": {b: {"bucket": f"${{aws_s3_bucket.{b}.id}}",
                                         "versioning_configuration": {"status": "Enabled"}}},
        "aws_s3_bucket_server_side_encryption_configuration": {b: {
            "bucket": f"${{aws_s3_bucket.{b}.id}}",
            "rule": [{"apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.k.arn}"}}]}},
        "aws_s3_bucket_public_access_block": {b: {
            "bucket": f"${{aws_s3_bucket.{b}.id}}", "block_public_acls": True,
            "block_public_policy": True, "ignore_public_acls": True,
            "restrict_public_buckets": True}},
        "aws_db_instance": {f"db_{i}": {
            "engine": "postgres", "instance_class": "db.r6g.large", "storage_encrypted": True,
            "kms_key_id": "${aws_kms_key.k.arn}", "multi_az": True,
            "backup_retention_period": 7 + i % 7, "deletion_protection": True,
            "publicly_accessible": False, "db_subnet_group_name": "${aws_db_subnet_group.d.name}"}},
        "aws_security_group": {f"sg_{i}": {"vpc_id": "${aws_vpc.v.id}", "ingress": [{
            "from_port": 443, "to_port": 443, "protocol": "tcp",
            "cidr_blocks": ["10.0.0.0/16" if i % 5 else "0.0.0.0/0"]}]}},
        "aws_cloudwatch_log_group": {f"logs_{i}": {"retention_in_days": 30,
                                                   "kms_key_id": "${aws_kms_key.k.arn}"}},
        "aws_subnet": {f"subnet_{i}": {"vpc_id": "${aws_vpc.v.id}",
                                       "cidr_block": f"10.{i % 250}.0.0/24",
                                       "availability_zone": "eu-west-1a"}},
        "aws_kms_key": {f"key_{i}": {"enable_key_rotation": i % 3 != 0}},
        "aws_sqs_queue": {f"queue_{i}": {"kms_master_key_id": "${aws_kms_key.k.arn}"}},
    }


def generate(root: Path, resources: int, stacks: int) -> Path:
    """A synth folder (manifest.json + stacks/<name>/cdk.tf.json) of ``resources``."""
    per_stack = resources // stacks
    manifest: dict[str, Any] = {"version": "0.21.0", "stacks": {}}
    for s in range(stacks):
        name = f"bench-{s}"
        res: dict[str, dict[str, Any]] = {}
        i, count = 0, 0
        while count < per_stack:
            for rtype, items in _bucket(s * 100000 + i).items():
                for rname, body in items.items():
                    if count < per_stack:
                        res.setdefault(rtype, {})[rname] = body
                        count += 1
            i += 1
        doc = {"//": {"metadata": {"stackName": name}},
               "terraform": {"required_version": ">= 1.10"},
               "provider": {"aws": [{"region": "eu-west-1", "default_tags": [
                   {"tags": {"DataResidency": "eu", "Owner": "bench"}}]}]},
               "resource": res}
        folder = root / "stacks" / name
        folder.mkdir(parents=True)
        (folder / "cdk.tf.json").write_text(json.dumps(doc, indent=2))
        manifest["stacks"][name] = {"name": name,
                                    "synthesizedStackPath": f"stacks/{name}/cdk.tf.json",
                                    "workingDirectory": f"stacks/{name}"}
    (root / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return root


def measure(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, peak MiB of Python allocations)."""
    tracemalloc.start()
    start = time.perf_counter()
    value = fn()
    wall = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return value, wall, peak


def timed_child(cmd: list[str], env: dict[str, str] | None = None,
                cwd: Path = REPO) -> tuple[int, float, float]:
    """(exit status, wall seconds, peak RSS MiB) of one subprocess (os.wait4: this child only)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_maxrss / 1024  # KiB on Linux


def bench_policies(resources: int, stacks: int) -> None:
    from policies.engine import findings
    from policies.loaders import load_many

    with tempfile.TemporaryDirectory(prefix="bench-gate-") as tmp:
        folder = generate(Path(tmp), resources, stacks)
        model, load_s, load_mb = measure(lambda: load_many([folder]))
        found, eval_s, eval_mb = measure(lambda: findings(model))
    n = sum(len(s.resources) for s in model.stacks)
    print(f"policies: {n} resources in {len(model.stacks)} stacks")
    print(f"  load      {load_s:6.2f} s  peak {load_mb:7.1f} MiB")
    print(f"  findings  {eval_s:6.2f} s  peak {eval_mb:7.1f} MiB  ({len(found)} findings)"
          f"  target < 2 s: {'met' if eval_s < 2 else 'MISSED'}")


def bench_check(synth_dir: Path) -> None:
    from policies.checkov.runner import checkov_bin
    from policies.checkov.staging import without_terraform_scalars

    bare = [str(checkov_bin()), "--framework", "terraform_json", "-o", "json",
            "--skip-download", "--soft-fail"]
    with tempfile.TemporaryDirectory(prefix="bench-bare-") as tmp:
        for src in sorted(synth_dir.glob("stacks/*/cdk.tf.json")):
            dest = Path(tmp) / src.parent.name / "cdk.tf.json"
            dest.parent.mkdir(parents=True)
            doc = without_terraform_scalars(json.loads(src.read_text()))
            dest.write_text(json.dumps(doc, indent=2))
        _rc, raw_s, _raw_mb = timed_child([*bare, "-d", str(synth_dir)])
        _rc, base_s, base_mb = timed_child([*bare, "-d", tmp])
    rc, check_s, check_mb = timed_child([sys.executable, "main.py", "check", "--quiet",
                                         "--input", str(synth_dir), "--format", "json"],
                                        env={"HAP_NO_CACHE": "1"})
    print(f"check on {synth_dir} (exit {rc})")
    print(f"  bare Checkov, raw folder (parse trap, checks nothing) {raw_s:6.2f} s")
    print(f"  bare Checkov, same stacks parseable  {base_s:6.2f} s  peak RSS {base_mb:7.1f} MiB")
    print(f"  python main.py check                  {check_s:6.2f} s  peak RSS {check_mb:7.1f} MiB")
    print(f"  ratio check / bare Checkov: {check_s / base_s:.2f}x  target <= 1.2x: "
          f"{'met' if check_s <= 1.2 * base_s else 'MISSED'}")


def bench_make_gate() -> None:
    """``python main.py check`` into a scratch output folder: caches off, cold, warm."""
    with tempfile.TemporaryDirectory(prefix="bench-make-gate-") as tmp:
        out = Path(tmp) / "cdktf.out"
        cmd = [sys.executable, str(REPO / "main.py"), "check", "--quiet", "--format", "json"]
        base = {"CDKTF_OUTDIR": str(out), "HAP_CACHE_DIR": str(Path(tmp) / "cache")}
        rc0, off_s, off_mb = timed_child(cmd, {**base, "HAP_NO_CACHE": "1"})
        rc1, cold_s, cold_mb = timed_child(cmd, {**base, "HAP_NO_CACHE": "0"})
        rc2, warm_s, warm_mb = timed_child(cmd, {**base, "HAP_NO_CACHE": "0"})
    print(f"make gate's command (synth + gate), exits {rc0}/{rc1}/{rc2}")
    print(f"  caches off (before the cache)  {off_s:6.2f} s  peak RSS {off_mb:7.1f} MiB")
    print(f"  cold cache                     {cold_s:6.2f} s  peak RSS {cold_mb:7.1f} MiB  "
          f"ratio to caches off {cold_s / off_s:.2f}x (target <= 1.0x, within noise)")
    print(f"  unchanged re-run, warm cache   {warm_s:6.2f} s  peak RSS {warm_mb:7.1f} MiB  "
          f"target < 3 s: {'met' if warm_s < 3 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--stacks", type=int, default=10)
    parser.add_argument("--synth-dir", type=Path, default=None,
                        help="an existing synth of the default topology (default: synthesize)")
    parser.add_argument("--skip-make-gate", action="store_true",
                        help="skip the three synth-and-gate runs (about 2-3 minutes)")
    args = parser.parse_args()
    bench_policies(args.resources, args.stacks)
    synth_dir = args.synth_dir
    if synth_dir is None:
        from cli.progress import Progress
        from cli.synth import synth_to

        synth_dir = Path(tempfile.mkdtemp(prefix="bench-synth-")) / "cdktf.out"
        synth_to(None, synth_dir, Progress())
    bench_check(synth_dir)
    if not args.skip_make_gate:
        bench_make_gate()


if __name__ == "__main__":
    main()
