"""The AWS regions the generator can place resources in.

Every fact about a region (its jurisdiction, its ELB log-delivery account) comes from one
table, :mod:`policies.jurisdictions`, so the generator and the policies agree by
construction: the generator imports that neutral data module (the policies never import the
generator).
"""

from policies.jurisdictions import AWS_REGIONS, ELB_LOG_ACCOUNTS, is_eu

__all__ = ["AWS_REGIONS", "ELB_LOG_ACCOUNTS", "is_eu", "is_known"]


def is_known(region: str) -> bool:
    """True when ``region`` is a region this tool can place resources in."""
    return region in AWS_REGIONS
