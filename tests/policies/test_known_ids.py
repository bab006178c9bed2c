"""The cached list of Checkov ids (for waiver validation) matches the installed Checkov."""

from __future__ import annotations

from policies.checkov.known_ids import (
    cached_version,
    installed_ids,
    installed_version,
    known_checkov_ids,
)


def test_cached_ids_are_the_installed_checkovs() -> None:
    # the oracle is the real program: `checkov --version` and `checkov --list`
    assert cached_version() == installed_version()
    assert known_checkov_ids() == installed_ids()
    # ids our waivers and levels name are in it; ours are not Checkov's
    assert {"CKV_AWS_144", "CKV2_AWS_65", "CKV_AWS_16"} <= known_checkov_ids()
    assert not any(i.startswith("HAP_") for i in known_checkov_ids())
