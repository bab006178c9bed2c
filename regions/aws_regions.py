"""The AWS regions this tool knows, with the jurisdiction each one sits in.

Residency decisions (is this region in the EU?) are made from this table only, so the
generator and the policies agree. Policies keep their own copy (they never import the
generator), checked equal by a test.
"""

from typing import Final

#: region name -> jurisdiction ("eu" for regions inside the European Union).
AWS_REGIONS: Final[dict[str, str]] = {
    "us-east-1": "us",
    "us-east-2": "us",
    "us-west-1": "us",
    "us-west-2": "us",
    "ca-central-1": "ca",
    "eu-west-1": "eu",
    "eu-west-2": "uk",
    "eu-west-3": "eu",
    "eu-central-1": "eu",
    "eu-central-2": "ch",
    "eu-north-1": "eu",
    "eu-south-1": "eu",
    "eu-south-2": "eu",
    "ap-northeast-1": "jp",
    "ap-southeast-1": "sg",
    "ap-southeast-2": "au",
    "sa-east-1": "br",
}


def is_known(region: str) -> bool:
    """True when ``region`` is a region this tool can place resources in."""
    return region in AWS_REGIONS


def is_eu(region: str) -> bool:
    """True when ``region`` lies inside the European Union (GDPR residency)."""
    return AWS_REGIONS.get(region) == "eu"


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
