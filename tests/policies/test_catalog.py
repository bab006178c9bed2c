"""The policy table: ids, names, one policy per file, generated docs, jurisdiction table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    assert get("HAP_ENC_001").__name__ == "RdsStorageEncrypted"


def test_names_read_ensure_and_explanations_exist() -> None:
    for p in POLICIES:
        assert p.name.startswith("Ensure "), p.id
        assert p.explanation.strip(), p.id


def test_one_policy_per_file_named_after_its_class() -> None:
    files = {f.stem for f in RULES.glob("*.py") if not f.stem.startswith("_")}
    assert files == {_snake(p.__name__) for p in POLICIES}
    for p in POLICIES:
        assert p.__module__ == f"policies.rules.{_snake(p.__name__)}"


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


def test_one_region_table_for_the_generator_and_the_policies() -> None:
    import ast

    from regions import aws_regions

    # one table, not two copies kept equal
    assert aws_regions.AWS_REGIONS is jurisdictions.AWS_REGIONS
    assert aws_regions.ELB_LOG_ACCOUNTS is jurisdictions.ELB_LOG_ACCOUNTS
    assert aws_regions.is_eu is jurisdictions.is_eu
    # the policies' table imports nothing of ours (never the generator)
    tree = ast.parse(Path(jurisdictions.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= {"__future__", "typing"}
    # hand-checked facts: Frankfurt is in the EU, London (post-Brexit) and Zurich are not
    assert jurisdictions.is_eu("eu-central-1")
    assert not jurisdictions.is_eu("eu-west-2") and not jurisdictions.is_eu("eu-central-2")


def test_critical_policies_are_hard_mandatory() -> None:
    # Issue 8.3: nothing CRITICAL can be waived; the three CRITICAL network policies were
    # soft-mandatory before, so this names them to keep the oracle independent of the code.
    critical = {p.id for p in POLICIES if p.severity.name == "CRITICAL"}
    assert {"HAP_NET_001", "HAP_NET_003", "HAP_NET_005"} <= critical
    for p in POLICIES:
        if p.id in critical:
            assert p.enforcement is Enforcement.HARD_MANDATORY, p.id


def test_every_policy_declares_its_metadata_in_its_own_file() -> None:
    from policies.rules._base import CATEGORIES

    for p in POLICIES:
        own = vars(p)  # set on the class itself, not inherited from Rule
        for attr in ("id", "name", "severity", "enforcement", "category", "explanation"):
            assert attr in own, f"{p.__name__} lacks {attr}"
        assert p.category in CATEGORIES, p.id


def test_a_new_rule_file_is_discovered_without_touching_anything_else(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    import policies.catalog as catalog
    import policies.rules as rules_pkg

    pkg = tmp_path / "extra_rules"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "always_fails.py").write_text(
        "from policies.findings import Enforcement, Severity\n"
        "from policies.rules._base import HA, Rule, failed\n"
        "class AlwaysFails(Rule):\n"
        "    '''Fails every VPC.'''\n"
        "    id = 'HAP_TEST_999'\n    name = 'Ensure nothing'\n"
        "    severity = Severity.LOW\n    enforcement = Enforcement.ADVISORY\n"
        "    category = HA\n    explanation = 'test'\n"
        "    resource_types = ('aws_vpc',)\n"
        "    def check(self, r, ctx):\n        return failed(r, 'no')\n")
    monkeypatch.setattr(rules_pkg, "__path__", [*rules_pkg.__path__, str(pkg)])
    monkeypatch.syspath_prepend(str(tmp_path))
    catalog.discover.cache_clear()
    try:
        sys.modules.pop("policies.rules.always_fails", None)
        found = {p.id for p in catalog.discover()}
    finally:
        catalog.discover.cache_clear()
        sys.modules.pop("policies.rules.always_fails", None)
        importlib.reload(catalog)
    assert "HAP_TEST_999" in found
    assert len(found) == len(POLICIES) + 1


def test_rules_leave_the_loop_to_the_base_class() -> None:
    from policies.catalog import POLICIES
    from policies.rules._base import Rule

    for p in POLICIES:
        if "verdicts" in vars(p):
            doc = vars(p)["verdicts"].__doc__ or ""
            assert doc.startswith("Overridden, not check(): "), p.__name__
        else:
            assert p.resource_types and p.check is not Rule.check, p.__name__
