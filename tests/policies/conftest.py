"""Fixture paths and loaders shared by the policy tests."""

from __future__ import annotations

from pathlib import Path

from policies.loaders import load, load_many
from policies.model import Model

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "policies"
FORMS = ("hcl", "synth", "plan")


def cases() -> list[str]:
    """Fixture case names (one per policy id, lower case)."""
    return sorted(p.name for p in (FIXTURES / "hcl").iterdir() if p.is_dir())


def load_case(form: str, case: str) -> Model:
    """The model of one fixture case in one input form (every stack of the case)."""
    if form == "hcl":
        root = FIXTURES / "hcl" / case
        stacks = sorted(p for p in root.iterdir() if p.is_dir())
        return load_many(stacks) if stacks else load(root)
    if form == "synth":
        return load(FIXTURES / "synth" / case)
    return load_many(sorted((FIXTURES / "plan" / case).glob("*.json")))
