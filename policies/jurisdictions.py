"""The one region table: each AWS region this tool knows, the jurisdiction it sits in, and
Elastic Load Balancing's log-delivery account there. The policies read it, and the generator
(``regions/aws_regions.py``) imports it; this module imports nothing of ours, so the policies
never depend on the generator.
"""

from __future__ import annotations

from typing import Final, NamedTuple


class RegionFacts(NamedTuple):
    """One row of the region table."""

    jurisdiction: str
    """``eu`` for regions inside the European Union, else a country code (``us``, ``uk``...)."""
    elb_log_account: str | None
    """The account an ALB access-log bucket policy must let write (ELB User Guide, "Enable
    access logs"); None where the table has none (regions opened after August 2022 use the
    ``logdelivery.elasticloadbalancing.amazonaws.com`` service principal instead)."""


#: region name -> its facts.
REGIONS: Final[dict[str, RegionFacts]] = {
    "us-east-1": RegionFacts("us", "127311923021"),
    "us-east-2": RegionFacts("us", "033677994240"),
    "us-west-1": RegionFacts("us", "027434742980"),
    "us-west-2": RegionFacts("us", "797873946194"),
    "ca-central-1": RegionFacts("ca", "985666609251"),
    "eu-west-1": RegionFacts("eu", "156460612806"),
    "eu-west-2": RegionFacts("uk", "652711504416"),
    "eu-west-3": RegionFacts("eu", "009996457667"),
    "eu-central-1": RegionFacts("eu", "054676820928"),
    "eu-central-2": RegionFacts("ch", None),
    "eu-north-1": RegionFacts("eu", "897822967062"),
    "eu-south-1": RegionFacts("eu", "635631232127"),
    "eu-south-2": RegionFacts("eu", None),
    "ap-northeast-1": RegionFacts("jp", "582318560864"),
    "ap-southeast-1": RegionFacts("sg", "114774131450"),
    "ap-southeast-2": RegionFacts("au", "783225319266"),
    "sa-east-1": RegionFacts("br", "507241528517"),
}

#: region name -> jurisdiction (a view of :data:`REGIONS`).
AWS_REGIONS: Final[dict[str, str]] = {name: f.jurisdiction for name, f in REGIONS.items()}

#: region name -> ELB log-delivery account, where there is one (a view of :data:`REGIONS`).
ELB_LOG_ACCOUNTS: Final[dict[str, str]] = {
    name: f.elb_log_account for name, f in REGIONS.items() if f.elb_log_account is not None}


def jurisdiction(region: str) -> str | None:
    """Jurisdiction of ``region``, None when the region is not known."""
    return AWS_REGIONS.get(region)


def is_eu(region: str) -> bool:
    """True when ``region`` lies inside the European Union (GDPR residency)."""
    return AWS_REGIONS.get(region) == "eu"
