"""The policy table: ids, names, one policy per file, generated docs, jurisdiction table."""

from __future__ import annotations

import re
from pathlib import Path

from policies import docs, jurisdictions
from policies.catalog import POLICIES, get
from policies.findings import Enforcement

RULES = Path(docs.REPO) / "policies" / "rules"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_ids_are_ours_and_unique() -> None:
    ids = [p.id for p in POLICIES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"HAP_[A-Z]+_\d{3}", i) for i in ids)
    assert get("HAP_ENC_001").rule.__name__ == "RdsStorageEncrypted"


def test_names_read_ensure_and_explanations_exist() -> None:
    for p in POLICIES:
        assert p.name.startswith("Ensure "), p.id
        assert p.explanation.strip(), p.id


def test_one_policy_per_file_named_after_its_class() -> None:
    files = {f.stem for f in RULES.glob("*.py") if not f.stem.startswith("_")}
    assert files == {_snake(p.rule.__name__) for p in POLICIES}
    for p in POLICIES:
        assert p.rule.__module__ == f"policies.rules.{_snake(p.rule.__name__)}"


def test_enforcement_levels() -> None:
    by_category: dict[str, set[Enforcement]] = {}
    for p in POLICIES:
        by_category.setdefault(p.category, set()).add(p.enforcement)
    assert by_category["EU data residency"] == {Enforcement.HARD_MANDATORY}
    assert get("HAP_HA_005").enforcement is Enforcement.ADVISORY


def test_committed_docs_equal_the_rendering() -> None:
    assert docs.OUTPUT.read_text(encoding="utf-8") == docs.render(), \
        "run: python -m policies.docs"
    for p in POLICIES:
        assert f"### {p.id}" in docs.render()


def test_jurisdiction_table_agrees_with_the_generator() -> None:
    from regions.aws_regions import AWS_REGIONS

    assert jurisdictions.AWS_REGIONS == AWS_REGIONS
    assert jurisdictions.is_eu("eu-central-1") and not jurisdictions.is_eu("eu-west-2")
