"""The PR comment's waiver section: base vs head waivers.toml, parsed by the real tomllib."""

from __future__ import annotations

from pathlib import Path

import pytest

from ci.render import REPO
from ci.waiver_diff import diff_waivers, main, to_markdown

BASE = '''
[[waiver]]
policy_id = "CKV_AWS_145"
resource = "aws_s3_bucket.*logs_bucket"
reason = "log buckets only support SSE-S3 encryption"
owner = "platform-team"
expires = 2027-05-31

[[waiver]]
policy_id = "CKV_AWS_144"
resource = "aws_s3_bucket.state_bucket"
stack = "state-*"
reason = "state stays in its region by design"
owner = "platform-team"
expires = 2027-02-28

[[waiver]]
policy_id = "HAP_BAK_007"
resource = "aws_db_instance.legacy"
reason = "legacy database is being retired this quarter"
owner = "data-team"
expires = 2027-01-31
'''

# Head: the 145 waiver's expiry pushed out, the legacy waiver removed, a new one added;
# the 144 waiver is unchanged (same values, different order of keys).
HEAD = '''
[[waiver]]
resource = "aws_s3_bucket.state_bucket"
policy_id = "CKV_AWS_144"
stack = "state-*"
owner = "platform-team"
reason = "state stays in its region by design"
expires = 2027-02-28

[[waiver]]
policy_id = "CKV_AWS_145"
resource = "aws_s3_bucket.*logs_bucket"
reason = "log buckets only support SSE-S3 encryption"
owner = "platform-team"
expires = 2028-05-31

[[waiver]]
policy_id = "HAP_NET_002"
resource = "aws_security_group.debug"
reason = "temporary | debugging access for the incident"
owner = "sre"
expires = 2027-01-15
'''


def test_added_changed_and_removed_are_listed_unchanged_is_not() -> None:
    changes = diff_waivers(BASE, HEAD)
    assert [(c.kind, c.policy_id, c.resource, c.fields) for c in changes] == [
        ("changed", "CKV_AWS_145", "aws_s3_bucket.*logs_bucket", ("expires",)),
        ("removed", "HAP_BAK_007", "aws_db_instance.legacy", ()),
        ("added", "HAP_NET_002", "aws_security_group.debug", ()),
    ]


def test_markdown_section() -> None:
    md = to_markdown(diff_waivers(BASE, HEAD))
    assert md.startswith("<!-- waiver-changes -->\n### Waivers changed by this pull request\n")
    assert ("| changed (expires) | `CKV_AWS_145` | `aws_s3_bucket.*logs_bucket` | any | "
            "2028-05-31 | platform-team | log buckets only support SSE-S3 encryption |") in md
    assert ("| added | `HAP_NET_002` | `aws_security_group.debug` | any | 2027-01-15 | sre | "
            "temporary \\| debugging access for the incident |") in md
    assert "CKV_AWS_144" not in md
    assert to_markdown(diff_waivers(HEAD, HEAD)) == ""


def test_command_against_the_repository_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    head = REPO / "waivers.toml"
    # Same file on both sides: no section at all.
    assert main(["--base", str(head), "--head", str(head)]) == 0
    assert capsys.readouterr().out == ""
    # No base file (the PR adds waivers.toml): every waiver is "added".
    assert main(["--base", str(tmp_path / "none.toml"), "--head", str(head)]) == 0
    out = capsys.readouterr().out
    count = sum(line.strip() == "[[waiver]]" for line in head.read_text().splitlines())
    assert out.count("| added |") == count > 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[[waiver]\n")
    assert main(["--base", str(head), "--head", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: head waivers is not valid TOML")
