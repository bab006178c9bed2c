"""What the estimate needs to know about a loaded model: serving regions and their parts."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from policies.model import Model, Resource, Stack, Unknown

FACTS = Path(__file__).with_name("facts.toml")


@cache
def facts() -> dict[str, Any]:
    """The SLA and recovery figures of ``facts.toml``."""
    with FACTS.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class ServingRegion:
    """One stack that serves users: it runs an ECS service."""

    stack: Stack
    """The stack."""
    region: str
    """Its AWS region."""
    residency: str
    """Home jurisdiction of its users (``us``/``eu``); ``us`` when untagged."""

    @property
    def standby(self) -> bool:
        """A warm standby (its ECS service tagged ``Role=standby``): it serves no users until
        its jurisdiction fails over, then all of them."""
        return any(r.tags.get("Role") == "standby" for r in self.stack.resources
                   if r.type == "aws_ecs_service")

    def of_type(self, *types: str) -> list[Resource]:
        """Resources of ``types`` in this stack that land in its own region."""
        return [r for r in self.stack.resources if r.type in types and r.region == self.region]


def region_of(r: Resource) -> str:
    """A resource's region, ``unknown`` when the model could not resolve it."""
    return r.region if isinstance(r.region, str) else "unknown"


def serving_regions(model: Model) -> list[ServingRegion]:
    """Stacks with an ECS service, in model order."""
    out = []
    for s in model.stacks:
        if any(r.type == "aws_ecs_service" for r in s.resources) and isinstance(s.region, str):
            out.append(ServingRegion(s, s.region, s.residency or "us"))
    return out


def num(value: object, default: float | None = None) -> float | None:
    """A number from a model value (strings of digits included), else ``default``."""
    if isinstance(value, (bool, Unknown)):
        return default
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return default
    return default


def expression(value: object) -> str:
    """A value as text: an unresolved value's Terraform expression, else its string."""
    return (value.expression or "") if isinstance(value, Unknown) else str(value)


def block(value: object) -> dict[str, Any]:
    """A nested block as a dict (first element of a list block), ``{}`` when absent."""
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}


def mentions(value: object, r: Resource, holder: Resource) -> bool:
    """Whether ``value`` (an attribute of ``holder``) refers to ``r``: in the same stack, or
    through a cross-stack output of ``r``'s stack."""
    e = expression(value)
    flat = r.address.replace(".", "_")
    if holder.stack == r.stack:
        return f"{r.address}." in e
    return f"cross_stack_reference_input_{r.stack.replace('-', '_')}" in e and flat in e
