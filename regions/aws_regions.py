"""The AWS regions this tool knows, with the jurisdiction each one sits in.

Residency decisions (is this region in the EU?) are made from one table only,
:mod:`policies.jurisdictions`, so the generator and the policies agree by construction: the
generator imports that neutral data module (the policies never import the generator).
"""

from typing import Final

from policies.jurisdictions import AWS_REGIONS, is_eu

__all__ = ["AWS_REGIONS", "ELB_LOG_ACCOUNTS", "is_eu", "is_known"]


def is_known(region: str) -> bool:
    """True when ``region`` is a region this tool can place resources in."""
    return region in AWS_REGIONS


#: Elastic Load Balancing's log-delivery account per region (ELB User Guide, "Enable access
#: logs"): the principal an ALB access-log bucket policy must allow to write.
ELB_LOG_ACCOUNTS: Final[dict[str, str]] = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "ca-central-1": "985666609251",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "ap-northeast-1": "582318560864",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "sa-east-1": "507241528517",
}
