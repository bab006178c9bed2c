"""One place decides whether a policy can be waived: our rule's enforcement, and for Checkov ids
the one levels table. The gate's refusal list, the findings' enforcement and the waiver engine
must agree for every id (issue 13.1: no policy waivable in one place and not in another)."""

from __future__ import annotations

import tomllib
from datetime import date

from policies.catalog import POLICIES
from policies.checkov.levels import LEVELS_FILE, level_of
from policies.checkov.results import CheckResult
from policies.checkov.scan import to_findings
from policies.findings import Enforcement, Finding, Outcome, Severity
from policies.gate import hard_mandatory_ids
from policies.waivers import apply_waivers, parse_waivers

TODAY = date(2026, 6, 1)


def _waiver_for(policy_id: str) -> str:
    return (f'[[waiver]]\npolicy_id = "{policy_id}"\nresource = "aws_x.y"\n'
            'reason = "checking waivability everywhere"\nowner = "platform-team"\n'
            "expires = 2026-06-30\n")


def _waived(policy_id: str, enforcement: Enforcement) -> bool:
    found = Finding(policy_id, "custom", "aws_x.y", "s", Severity.HIGH, enforcement,
                    Outcome.FAILED, "m")
    ws = parse_waivers(tomllib.loads(_waiver_for(policy_id)))
    out, _issues = apply_waivers([found], ws, today=TODAY, hard_mandatory=hard_mandatory_ids())
    return out[0].waived


def test_the_levels_table_names_no_policy_of_ours() -> None:
    # our policies carry their enforcement in their rule class; a second entry would be a
    # second place deciding waivability
    table = tomllib.loads(LEVELS_FILE.read_text())
    assert not [k for k in table if k.startswith("HAP_")]


def test_our_policies_are_waivable_exactly_when_their_rule_says_so() -> None:
    hard = hard_mandatory_ids()
    for policy in POLICIES:
        is_hard = policy.enforcement is Enforcement.HARD_MANDATORY
        assert (policy.id in hard) is is_hard, policy.id
        assert _waived(policy.id, policy.enforcement) is not is_hard, policy.id


def test_checkov_ids_are_waivable_exactly_when_the_table_says_so() -> None:
    hard = hard_mandatory_ids()
    table = tomllib.loads(LEVELS_FILE.read_text())
    # the table's ids plus one it does not list (default: soft-mandatory)
    for check_id in [*table, "CKV_AWS_118"]:
        expected_hard = table.get(check_id, {}).get("enforcement") == "hard-mandatory"
        [finding] = to_findings([CheckResult(check_id, "name", False, "s", "aws_x.y", None, None)])
        assert (finding.enforcement is Enforcement.HARD_MANDATORY) is expected_hard, check_id
        assert level_of(check_id)[1] is finding.enforcement
        assert (check_id in hard) is expected_hard, check_id
        assert _waived(check_id, finding.enforcement) is not expected_hard, check_id
