"""Region -> jurisdiction: the one region table. The policies read it, and the generator
(``regions/aws_regions.py``) imports it; this module imports nothing of ours, so the
policies never depend on the generator.
"""

from __future__ import annotations

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


def jurisdiction(region: str) -> str | None:
    """Jurisdiction of ``region``, None when the region is not known."""
    return AWS_REGIONS.get(region)


def is_eu(region: str) -> bool:
    """True when ``region`` lies inside the European Union (GDPR residency)."""
    return AWS_REGIONS.get(region) == "eu"
