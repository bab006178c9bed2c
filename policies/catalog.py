"""Our policies, discovered: every :class:`~policies.rules._base.Rule` subclass defined in a
module of ``policies/rules/`` (one per file, file name = class name in snake_case).

There is no table to edit: a policy's metadata are class attributes of its rule, and
``docs/policies.md`` is generated from them (``python -m policies.docs``). Ids use our prefix
``HAP_<AREA>_<NNN>`` and are never reused: retire a policy by deleting its file and leaving its
id unused.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import policies.rules as _rules_pkg
from policies.rules._base import Rule

Policy = type[Rule]
"""A policy is its rule class."""


@cache
def discover() -> tuple[Policy, ...]:
    """Every rule class under ``policies/rules/``, sorted by id (imported once)."""
    found: list[Policy] = []
    for info in sorted(pkgutil.iter_modules(_rules_pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{_rules_pkg.__name__}.{info.name}")
        found += [obj for obj in vars(module).values()
                  if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule
                  and obj.__module__ == module.__name__]
    ids = [p.id for p in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuntimeError(f"policy ids used twice: {', '.join(duplicates)}")
    return tuple(sorted(found, key=lambda p: p.id))


POLICIES: tuple[Policy, ...] = discover()
_BY_ID = {p.id: p for p in POLICIES}


def get(policy_id: str) -> Policy:
    """The policy with ``policy_id`` (KeyError when there is none)."""
    return _BY_ID[policy_id]
