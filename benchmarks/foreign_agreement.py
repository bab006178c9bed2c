"""Agreement of our policies with Checkov's expected verdicts on its own check fixtures, for
the concerns we share (issue 9.5), with every disagreement and the reason it is deliberate.

Used by ``bench_foreign.py``; the fixtures are Checkov's ``tests/terraform/checks/resource/aws``
(``example_<Check>/`` folders with ``passing_resources``/``failing_resources`` in
``test_<Check>.py``, or inline HCL in the test methods).
"""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path

CHECKOV_FIXTURES = Path("checkov/tests/terraform/checks/resource/aws")

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
    "SecurityGroupUnrestrictedIngress3389 aws_security_group_rule.pass": "same: its group "
    "cannot be resolved, so it is not known to be a public load balancer's (fails closed)",
}

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
