"""Waivers: valid, expired, unused, malformed, refused on hard-mandatory, globs, stacks."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

from policies.findings import Enforcement, Finding, Outcome, Severity
from policies.waivers import WaiverFileError, apply_waivers, load_waivers, parse_waivers

TODAY = date(2026, 6, 1)
#: A fixed day for the repo's waivers.toml (its expiries were set within 90 days of it).
REPO_WAIVERS_CHECKED_ON = date(2026, 11, 29)


def finding(policy: str, resource: str, stack: str = "app-eu-west-1",
            enforcement: Enforcement = Enforcement.SOFT_MANDATORY) -> Finding:
    return Finding(policy, "checkov", resource, stack, Severity.HIGH, enforcement,
                   Outcome.FAILED, "msg")


def waivers(text: str):  # type: ignore[no-untyped-def]
    return parse_waivers(tomllib.loads(text))


ENTRY = """
[[waiver]]
policy_id = "{policy}"
resource = "{resource}"
reason = "a real reason, long enough"
owner = "platform-team"
expires = {expires}
"""


def entry(policy: str = "CKV_AWS_144", resource: str = "aws_s3_bucket.*_logs",
          expires: str = "2026-06-01", extra: str = "") -> str:
    return ENTRY.format(policy=policy, resource=resource, expires=expires) + extra


def test_valid_waiver_waives_matching_findings_by_glob_and_names_itself() -> None:
    found = [finding("CKV_AWS_144", "aws_s3_bucket.a_logs"),
             finding("CKV_AWS_144", "aws_s3_bucket.data"),
             finding("CKV_AWS_145", "aws_s3_bucket.a_logs")]
    out, issues = apply_waivers(found, waivers(entry()), today=TODAY)
    assert [(f.resource, f.policy_id, f.waived, f.waiver) for f in out] == [
        ("aws_s3_bucket.a_logs", "CKV_AWS_144", True, "CKV_AWS_144:aws_s3_bucket.*_logs"),
        ("aws_s3_bucket.data", "CKV_AWS_144", False, None),
        ("aws_s3_bucket.a_logs", "CKV_AWS_145", False, None)]
    assert issues == []
    assert not out[0].blocks and out[1].blocks


def test_expired_waiver_stops_waiving_and_is_reported() -> None:
    out, issues = apply_waivers([finding("CKV_AWS_144", "aws_s3_bucket.a_logs")],
                                waivers(entry(expires="2026-05-31")), today=TODAY)
    assert not out[0].waived and out[0].blocks
    assert [(i.kind, i.waiver) for i in issues] == [
        ("expired", "CKV_AWS_144:aws_s3_bucket.*_logs")]
    assert "2026-05-31" in issues[0].message


def test_unused_waiver_is_reported() -> None:
    _out, issues = apply_waivers([], waivers(entry()), today=TODAY)
    assert [i.kind for i in issues] == ["unused"]


def test_waiver_on_hard_mandatory_policy_is_refused() -> None:
    hard = finding("HAP_ENC_001", "aws_db_instance.db", enforcement=Enforcement.HARD_MANDATORY)
    out, issues = apply_waivers([hard], waivers(entry("HAP_ENC_001", "aws_db_instance.*")),
                                today=TODAY)
    assert not out[0].waived and out[0].blocks
    assert [i.kind for i in issues] == ["refused"]
    # refused by policy id even when nothing matches today
    _o, issues = apply_waivers([], waivers(entry("HAP_ENC_001", "aws_db_instance.x")), today=TODAY,
                               hard_mandatory={"HAP_ENC_001"})
    assert [i.kind for i in issues] == ["refused"]


def test_stack_glob_limits_the_waiver() -> None:
    ws = waivers(entry(extra='stack = "state-*"\n'))
    out, issues = apply_waivers([finding("CKV_AWS_144", "aws_s3_bucket.a_logs", "state-eu"),
                                 finding("CKV_AWS_144", "aws_s3_bucket.a_logs", "app-eu")],
                                ws, today=TODAY)
    assert [f.waived for f in out] == [True, False]
    assert out[0].waiver == "CKV_AWS_144:state-*/aws_s3_bucket.*_logs"
    assert issues == []


@pytest.mark.parametrize(("text", "problem"), [
    (entry().replace('owner = "platform-team"\n', ""), "missing ['owner']"),
    (entry(extra='ticket = "X-1"\n'), "unknown keys ['ticket']"),
    (entry(expires='"2026-06-01"'), "expires must be a TOML date"),
    (entry(expires="2026-06-01T10:00:00"), "expires must be a TOML date"),
    (entry().replace('"a real reason, long enough"', '""'), "reason must be a non-empty string"),
    (entry().replace('"a real reason, long enough"', '"too short, 19 chars"'),
     "reason must be at least 20 characters"),
    (entry().replace('owner = "platform-team"', 'owner = " "'), "owner must be a non-empty"),
    (entry(resource="*"), "must be one address or a glob within one resource type"),
    (entry(resource="aws_s3_*.logs"), "must be one address or a glob within one resource type"),
    (entry(resource="*.logs_bucket"), "must be one address or a glob within one resource type"),
    (entry(resource="aws_s3_bucket"), "must be one address or a glob within one resource type"),
])
def test_malformed_waivers_are_reported_not_applied(text: str, problem: str) -> None:
    ws = waivers(text)
    assert ws.waivers == ()
    assert [i.kind for i in ws.malformed] == ["malformed"]
    assert problem in ws.malformed[0].message
    _out, issues = apply_waivers([], ws, today=TODAY)
    assert [i.kind for i in issues] == ["malformed"]


def test_unreadable_or_invalid_toml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WaiverFileError, match="does not exist"):
        load_waivers(tmp_path / "nope.toml")
    bad = tmp_path / "w.toml"
    bad.write_text("[[waiver]\npolicy_id = ")
    with pytest.raises(WaiverFileError, match="not valid TOML"):
        load_waivers(bad)


def test_repo_waiver_file_is_well_formed_and_owned() -> None:
    ws = load_waivers(Path(__file__).resolve().parents[2] / "waivers.toml")
    assert ws.malformed == ()
    assert ws.waivers and all(w.owner == "platform-team" for w in ws.waivers)
    assert all(len(w.reason) > 40 for w in ws.waivers)
    # every entry names a known id and a single-type glob, and is within 90 days of a fixed day
    _out, issues = apply_waivers([], ws, today=REPO_WAIVERS_CHECKED_ON)
    assert {i.kind for i in issues} == {"unused"}


def test_resource_may_be_one_address_or_a_glob_within_one_type() -> None:
    for resource in ("aws_s3_bucket.state_bucket", "aws_s3_bucket.*_logs",
                     "module.app.aws_lb.serving_alb_alb", "data.aws_iam_policy_document.x*",
                     "terraform.backend"):
        assert waivers(entry(resource=resource)).malformed == (), resource


def _checked(text: str, today: date = TODAY) -> list[tuple[str, str]]:
    _out, issues = apply_waivers([], waivers(text), today=today)
    return [(i.kind, i.message) for i in issues]


def test_expiry_at_most_90_days_ahead() -> None:
    # 2026-06-01 + 90 days = 2026-08-30 (hand-computed: 29 + 31 + 30 days to Aug 30)
    assert [k for k, _m in _checked(entry(expires="2026-08-30"))] == ["unused"]
    [(kind, message)] = _checked(entry(expires="2026-08-31"))
    assert kind == "malformed" and "more than 90 days ahead (latest 2026-08-30)" in message


def test_the_horizon_can_be_lowered_never_raised() -> None:
    lowered = "max_expiry_days = 30\n" + entry(expires="2026-07-02")
    [(kind, message)] = _checked(lowered)
    assert kind == "malformed" and "latest 2026-07-01" in message
    assert [k for k, _m in _checked("max_expiry_days = 30\n" + entry(expires="2026-07-01"))] \
        == ["unused"]
    for bad in ("120", "0", '"30"'):
        ws = waivers(f"max_expiry_days = {bad}\n" + entry())
        assert [i.message for i in ws.malformed if "max_expiry_days" in i.message], bad


def test_an_unknown_policy_id_is_malformed_not_unused() -> None:
    [(kind, message)] = _checked(entry(policy="CKV_AWS_99999"))
    assert kind == "malformed" and "unknown policy id 'CKV_AWS_99999'" in message
    [(kind, _m)] = _checked(entry(policy="HAP_BAK_999"))
    assert kind == "malformed"
    # ours and Checkov's known ids are fine
    assert [k for k, _m in _checked(entry(policy="HAP_BAK_007"))] == ["unused"]
    assert [k for k, _m in _checked(entry(policy="CKV2_AWS_65"))] == ["unused"]


def test_the_log_bucket_waiver_does_not_waive_a_data_bucket_named_like_one() -> None:
    ws = load_waivers(Path(__file__).resolve().parents[2] / "waivers.toml")
    data = finding("CKV_AWS_144", "aws_s3_bucket.storage_catalogs_bucket")
    out, _issues = apply_waivers([data], ws, today=REPO_WAIVERS_CHECKED_ON)
    assert not out[0].waived
