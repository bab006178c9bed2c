"""Checkov checks that cannot see what a Global Datastore secondary inherits.

Checkov reads one resource block. An ``aws_elasticache_replication_group`` that joins a
Global Datastore as a secondary cannot set its encryption (hashicorp/aws: ConflictsWith
``global_replication_group_id``); it runs with its primary's, so Checkov fails it on an
attribute that is not there. These checks are hard-mandatory and cannot be waived, and our
own hard-mandatory policy judges the same attribute through the chain to the primary
(:mod:`policies.rules._global_datastore`). So such a Checkov failure is handed over: it stays
in the report as advisory, naming the primary and our policy, and our policy's verdict decides.

Handed over only when all hold: the check is in :data:`INHERITED_CHECKS`, the resource is a
secondary whose chain reaches its primary in the checked input, and the secondary does not set
the attribute itself. Anything else (an unresolvable chain, a value the secondary sets) keeps
Checkov's failure as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from policies.findings import Enforcement, Finding
from policies.model import Model
from policies.rules._base import Settings
from policies.rules._context import Context
from policies.rules._global_datastore import RG, chain, configured, where

#: Checkov check -> (the attribute it reads that a secondary inherits, our policy judging it).
INHERITED_CHECKS: Mapping[str, tuple[str, str]] = {
    "CKV_AWS_29": ("at_rest_encryption_enabled", "HAP_ENC_002"),
    "CKV_AWS_30": ("transit_encryption_enabled", "HAP_TLS_003"),
}


def hand_over(findings: Iterable[Finding], model: Model) -> list[Finding]:
    """``findings`` (Checkov's), with those on an inherited attribute of a resolved
    Global Datastore secondary made advisory."""
    ctx = Context(model, Settings())
    out = []
    for f in findings:
        check = INHERITED_CHECKS.get(f.policy_id)
        r = ctx.get(f.stack, f.resource) if check else None
        link = chain(ctx, r) if r is not None and r.type == RG else None
        if check is None or r is None or link is None or link.primary is None \
                or configured(r.values.get(check[0])):
            out.append(f)
            continue
        out.append(replace(f, enforcement=Enforcement.ADVISORY, message=(
            f"{f.message} (a Global Datastore secondary inherits {check[0]} from its primary "
            f"{where(link.primary)}: {check[1]} judges the secondary on that value)")))
    return out
