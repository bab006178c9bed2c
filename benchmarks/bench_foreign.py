"""The gate on Terraform nobody here wrote (issue 9.5); prints figures, asserts nothing.

Corpus: a folder OUTSIDE the repository holding fetched public code, e.g. made by
``benchmarks/corpus_from_mirrors.py`` (terraform-aws-modules rds/s3-bucket/vpc/elasticache,
hashicorp/terraform-json testdata) plus Checkov's check fixtures under
``<corpus>/checkov/tests/terraform/checks/resource/aws``. Inputs: every folder holding
``.tf``/``.tf.json`` files, every ``terraform show -json`` plan.

Figures:
1. share of inputs reaching a verdict (exit 0 or 1; goal >= 95%), with the exit-2 reasons;
2. fail-open count after planting one unencrypted, publicly accessible aws_db_instance in
   each input (goal 0): a planted run that exits 0, or exits 1 without flagging the planted
   database;
3. agreement of our policies with Checkov's expected verdicts on its check fixtures for the
   concerns we share, each disagreement listed with our finding's message.

Run: ``.venv/bin/python benchmarks/bench_foreign.py /work/corpus [--match TEXT] [--limit N]
[--no-checkov]``. With Checkov each input costs one Checkov run (5-30 s on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.foreign_agreement import CHECKOV_FIXTURES, SHARED, agreement  # noqa: E402
from policies.gate import GateResult, run_gate  # noqa: E402
from policies.loaders.plan import is_plan  # noqa: E402

PLANTED = "hap_planted_db"
PLANTED_HCL = f'''
resource "aws_db_instance" "{PLANTED}" {{
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  storage_encrypted   = false
  publicly_accessible = true
}}
'''
def discover(corpus: Path) -> list[Path]:
    """Every HCL/JSON working directory and every plan JSON under ``corpus``, sorted."""
    folders: set[Path] = set()
    plans: list[Path] = []
    for path in sorted(corpus.rglob("*")):
        if ".terraform" in path.parts or not path.is_file():
            continue
        if path.name.endswith((".tf", ".tf.json")):
            fixture = path.parent.name.removeprefix("example_")
            if CHECKOV_FIXTURES.name in path.parent.parent.name and fixture not in SHARED:
                continue  # Checkov fixtures: only the concerns we share
            folders.add(path.parent)
        elif path.suffix == ".json":
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                continue
            if is_plan(doc):
                plans.append(path)
    return sorted(folders) + plans


def gate(path: Path, checkov: bool) -> GateResult:
    """One gate run, without waivers (foreign code)."""
    return run_gate([path], waivers=None, checkov=checkov)


def plant(src: Path, corpus: Path, tmp: Path) -> Path:
    """A copy of ``src`` (its whole top-level corpus tree, so relative module paths hold)
    with the planted database added; returns the planted input's path."""
    top = corpus / src.relative_to(corpus).parts[0]
    copy = tmp / top.name
    if not copy.exists():
        shutil.copytree(top, copy, symlinks=True)
    target = copy / src.relative_to(top)
    if target.is_dir():
        for old in copy.rglob(f"{PLANTED}.tf"):
            old.unlink()
        (target / f"{PLANTED}.tf").write_text(PLANTED_HCL, encoding="utf-8")
        return target
    doc = json.loads(src.read_text(encoding="utf-8"))
    values = {"engine": "postgres", "instance_class": "db.t3.micro", "allocated_storage": 20,
              "storage_encrypted": False, "publicly_accessible": True}
    address = f"aws_db_instance.{PLANTED}"
    entry = {"address": address, "mode": "managed", "type": "aws_db_instance",
             "name": PLANTED, "provider_name": "registry.terraform.io/hashicorp/aws",
             "values": values}
    root = doc.setdefault("planned_values", {}).setdefault("root_module", {})
    root.setdefault("resources", []).append(entry)
    doc.setdefault("resource_changes", []).append(
        {"address": address, "mode": "managed", "type": "aws_db_instance", "name": PLANTED,
         "change": {"actions": ["create"], "before": None, "after": values,
                    "after_unknown": {}}})
    target.write_text(json.dumps(doc), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="first N inputs only")
    parser.add_argument("--match", default="", help="only inputs whose path contains this")
    parser.add_argument("--no-checkov", action="store_true",
                        help="our policies only (faster; the verdict share then omits "
                             "Checkov's coverage cross-check)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} does not exist: fetch public Terraform into it first "
              "(see benchmarks/corpus_from_mirrors.py)")
        return 2
    corpus = args.corpus.resolve()
    inputs = [p for p in discover(corpus) if args.match in str(p.relative_to(corpus))]
    inputs = inputs[: args.limit or None]
    checkov = not args.no_checkov
    verdicts, reasons, open_cases = 0, Counter[str](), []
    with tempfile.TemporaryDirectory(prefix="bench-foreign-") as tmp:
        for number, path in enumerate(inputs, start=1):
            rel = path.relative_to(corpus)
            result = gate(path, checkov)
            print(f"[{number}/{len(inputs)}] exit {result.exit_code}  {rel}", flush=True)
            if result.exit_code in (0, 1):
                verdicts += 1
            else:
                reason = (result.errors or ("malformed waivers",))[0]
                reasons[reason.split(": ", 1)[-1][:90]] += 1
                print(f"  exit 2  {rel}: {reason[:160]}", flush=True)
            # Planted runs use our policies only: Checkov could only add findings, and
            # its coverage errors (exit 2) must not hide a loader that missed the database.
            planted = gate(plant(path, corpus, Path(tmp)), False)
            flagged = any(PLANTED in f.resource and f.blocks for f in planted.findings)
            if planted.exit_code == 0 or (planted.exit_code == 1 and not flagged):
                open_cases.append(f"{rel} (exit {planted.exit_code})")
    total = len(inputs)
    print(f"\ninputs: {total} under {corpus}")
    print(f"verdict (exit 0/1): {verdicts}/{total} = {100 * verdicts / max(total, 1):.1f}% "
          "(goal >= 95%)" + ("" if checkov else " [without Checkov]"))
    for reason, count in reasons.most_common(10):
        print(f"  exit 2 x{count}: {reason}")
    print(f"fail-open after planting a public unencrypted aws_db_instance: {len(open_cases)} "
          "(goal 0)")
    for case in open_cases:
        print(f"  open: {case}")
    compared, disagreements = agreement(corpus)
    print(f"agreement with Checkov's fixtures (shared concerns): "
          f"{compared - len([d for d in disagreements if ' says ' in d])}/{compared}")
    for line in disagreements:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
