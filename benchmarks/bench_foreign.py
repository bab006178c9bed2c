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
import ast
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from policies.gate import GateResult, run_gate  # noqa: E402
from policies.loaders.plan import is_plan  # noqa: E402

CHECKOV_FIXTURES = Path("checkov/tests/terraform/checks/resource/aws")
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
#: Checkov check fixture (test_<name>.py) -> our policy judging the same concern.
SHARED: dict[str, str] = {
    "RDSEncryption": "HAP_ENC_001", "RDSClusterEncrypted": "HAP_ENC_001",
    "RDSPubliclyAccessible": "HAP_NET_003",
    "ElasticacheReplicationGroupEncryptionAtRest": "HAP_ENC_002",
    "ElasticacheReplicationGroupEncryptionAtTransit": "HAP_TLS_003",
    "EBSEncryption": "HAP_ENC_004", "LaunchConfigurationEBSEncryption": "HAP_ENC_004",
    "SNSTopicEncryption": "HAP_ENC_005", "SQSQueueEncryption": "HAP_ENC_006",
    "CloudWatchLogGroupKMSKey": "HAP_ENC_007", "DynamoDBTablesEncrypted": "HAP_ENC_009",
    "BackupVaultEncrypted": "HAP_ENC_010", "KMSRotation": "HAP_ENC_011",
    "RDSInstanceDeletionProtection": "HAP_BAK_002", "RDSDeletionProtection": "HAP_BAK_002",
    "DBInstanceBackupRetentionPeriod": "HAP_BAK_001", "RDSMultiAZEnabled": "HAP_HA_002",
    "SecurityGroupUnrestrictedIngress22": "HAP_NET_005",
    "SecurityGroupUnrestrictedIngress3389": "HAP_NET_005",
}

#: Disagreements reviewed by hand, with the reason each one is deliberate (or whose it is).
REASONS: dict[str, str] = {
    "DBInstanceBackupRetentionPeriod aws_db_instance.fail": "retention 36 exceeds AWS's "
    "maximum of 35; the provider refuses it at plan, our policy judges only the minimum",
    "DBInstanceBackupRetentionPeriod aws_rds_cluster.fail": "same: 36 days is invalid input",
    "DynamoDBTablesEncrypted aws_dynamodb_table.encrypted_no_cmk": "HAP_ENC_009 accepts "
    "KMS encryption with the AWS-managed key; CKV_AWS_119 demands a customer-managed key",
    "SecurityGroupUnrestrictedIngress22 aws_security_group.not_self": "the rule has no CIDR "
    "and self = false: it admits nobody from the internet",
    "SecurityGroupUnrestrictedIngress22 aws_vpc_security_group_ingress_rule.fail2": "the rule "
    "names no source (no cidr_ipv4): not internet ingress; AWS refuses it anyway",
    "LaunchConfigurationEBSEncryption aws_launch_configuration.fail": "HAP_ENC_004 does not "
    "judge aws_launch_configuration (deprecated by AWS): a rule gap for the rules owner",
    "DBInstanceBackupRetentionPeriod aws_db_instance.pass2": "unset retention means the AWS "
    "default (1 day); HAP_BAK_001 demands an explicit >= 7 days",
    "DBInstanceBackupRetentionPeriod aws_rds_cluster.pass2": "same: unset is 1 day",
    "EBSEncryption aws_ebs_volume.enabled": "the fixture writes `encrypted = True`, a bare "
    "reference Terraform refuses, not the boolean true",
    "LaunchConfigurationEBSEncryption aws_instance.pass": "the root device sets no "
    "`encrypted`; Checkov trusts the snapshot_id, whose encryption we cannot see",
    "SecurityGroupUnrestrictedIngress22 aws_security_group.pass": "HAP_NET_005 refuses any "
    "internet ingress except 80/443 on public load balancers; Checkov's check is port 22 only",
    "SecurityGroupUnrestrictedIngress22 aws_security_group.pass_self2": "same: 0-65535 from "
    "0.0.0.0/0 is internet ingress on every port",
    "SecurityGroupUnrestrictedIngress22 aws_security_group_rule.pass": "same: port 222 from "
    "the internet",
    "SecurityGroupUnrestrictedIngress3389 aws_security_group.pass": "same: port 80 from the "
    "internet on a group that is not a public load balancer's",
    "RDSClusterEncrypted.test_failure": "HAP_ENC_001 does not judge aws_rds_global_cluster "
    "(a genuine gap: a rule change for the rules owner)",
    "RDSClusterEncrypted.test_failure_explicit": "same gap: aws_rds_global_cluster",
    "SecurityGroupUnrestrictedIngress3389 aws_security_group_rule.pass": "same: its group "
    "cannot be resolved, so it is not known to be a public load balancer's (fails closed)",
}


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


def expected_verdicts(test_file: Path) -> tuple[set[str], set[str]]:
    """``passing_resources`` / ``failing_resources`` literals of a Checkov check test."""
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name) and \
                node.targets[0].id in ("passing_resources", "failing_resources"):
            try:
                found[node.targets[0].id] = set(ast.literal_eval(node.value))
            except ValueError:
                continue
    return found.get("passing_resources", set()), found.get("failing_resources", set())


def inline_cases(test_file: Path) -> list[tuple[str, str, str, bool]]:
    """``(method, hcl, address, fails)`` of each test method that loads inline HCL with
    ``hcl2.loads(...)``, reads ``['resource'][0][TYPE][NAME]`` and asserts
    ``CheckResult.FAILED`` or ``PASSED``."""
    out = []
    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        hcl = address = verdict = None
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "loads" and node.args and \
                    isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                hcl = node.args[0].value
            if isinstance(node, ast.Subscript) and _type_name(node):
                address = _type_name(node)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id == "CheckResult" and node.attr in ("FAILED", "PASSED"):
                verdict = node.attr == "FAILED"
        if hcl and address and verdict is not None:
            out.append((fn.name, hcl, address, verdict))
    return out


def _type_name(node: ast.Subscript) -> str | None:
    """``TYPE.NAME`` of ``x['resource'][0]['TYPE']['NAME']``."""
    inner = node.value
    if isinstance(node.slice, ast.Constant) and isinstance(inner, ast.Subscript) and \
            isinstance(inner.slice, ast.Constant) and isinstance(inner.value, ast.Subscript) \
            and isinstance(inner.value.slice, ast.Constant) and inner.value.slice.value == 0:
        return f"{inner.slice.value!s}.{node.slice.value!s}"
    return None


def agreement(corpus: Path) -> tuple[int, list[str]]:
    """Resources compared and disagreements between our policies and Checkov's fixtures."""
    from policies.engine import findings as our_findings
    from policies.loaders import LoadError, load

    base = corpus / CHECKOV_FIXTURES
    compared, disagreements = 0, []
    for name, policy in sorted(SHARED.items()):
        test, folder = base / f"test_{name}.py", base / f"example_{name}"
        if test.is_file() and not folder.is_dir():
            for method, hcl, address, fails in inline_cases(test):
                with tempfile.TemporaryDirectory(prefix="bench-inline-") as tmp:
                    (Path(tmp) / "main.tf").write_text(hcl, encoding="utf-8")
                    try:
                        model = load(Path(tmp))
                    except LoadError as exc:
                        disagreements.append(f"{name}.{method}: not loaded ({exc})")
                        continue
                    hits = [f for f in our_findings(model, None)
                            if f.policy_id == policy and f.resource == address]
                compared += 1
                if bool(hits) != fails:
                    why = REASONS.get(f"{name}.{method}") or (
                        "stricter: our policy fails closed where Checkov passes" if hits
                        else "UNEXPLAINED")
                    said = hits[0].message if hits else "no finding"
                    disagreements.append(f"{name}.{method} {address}: Checkov "
                                         f"{'fails' if fails else 'passes'}, {policy} says "
                                         f"{said} -- {why}")
            continue
        if not test.is_file():
            disagreements.append(f"{name}: fixture not in the corpus")
            continue
        passing, failing = expected_verdicts(test)
        try:
            model = load(folder)
        except LoadError as exc:
            disagreements.append(f"{name}: not loaded ({exc}) -- Terraform refuses this "
                                 "fixture too")
            continue
        ours = {f.resource: f for f in our_findings(model, None) if f.policy_id == policy}
        for resource in sorted(passing | failing):
            compared += 1
            flagged = resource in ours
            if flagged != (resource in failing):
                said = ours[resource].message if flagged else "no finding"
                why = REASONS.get(f"{name} {resource}") or (
                    "stricter: our policy fails closed where Checkov passes" if flagged
                    else "UNEXPLAINED")
                disagreements.append(f"{name} {resource}: Checkov "
                                     f"{'fails' if resource in failing else 'passes'}, "
                                     f"{policy} says {said} -- {why}")
    return compared, disagreements


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
        for path in inputs:
            rel = path.relative_to(corpus)
            result = gate(path, checkov)
            if result.exit_code in (0, 1):
                verdicts += 1
            else:
                reason = (result.errors or ("malformed waivers",))[0]
                reasons[reason.split(": ", 1)[-1][:90]] += 1
                print(f"  exit 2  {rel}: {reason[:160]}")
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
