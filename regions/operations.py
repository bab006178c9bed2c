"""The ``[operations]`` table: audit trail, admin access, backups and DR drills (issue 11).

One table for every serving region: the operations construct
(``modules/operations/region_operations.py``) reads it through the stacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

AdminAccess = Literal["ssm", "client_vpn"]
VaultLockMode = Literal["governance", "compliance"]
_ACM_ARN = re.compile(r"^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+$")
_SCHEDULE = re.compile(r"^cron\([^()]+\)$")


def _require(condition: bool, message: str) -> None:
    if not condition:
        from regions.config import ConfigError  # late: regions.config imports this module
        raise ConfigError(message)


@dataclass(frozen=True)
class OperationsConfig:
    """Operations of every serving region (seed: "VPN for admin access", audit, backups)."""

    admin_access: AdminAccess = "ssm"
    """``ssm``: SSM Session Manager and ECS Exec, no open port at all (default);
    ``client_vpn``: also an AWS Client VPN endpoint into the VPC (the seed's "VPN for admin
    access"), mutual-TLS authenticated; needs the two certificate ARNs below."""
    vpn_client_cidr: str = "10.255.0.0/22"
    """Client VPN: address pool of connected admins (must not overlap a VPC)."""
    vpn_server_certificate_arn: str = ""
    """Client VPN: ACM certificate of the endpoint (in each serving region)."""
    vpn_client_root_certificate_arn: str = ""
    """Client VPN: ACM certificate of the CA that signs the admins' client certificates."""
    trail_retention_days: int = 365
    """Days the CloudTrail log files are kept in the region's trail bucket."""
    backup_schedule: str = "cron(0 3 * * ? *)"
    """AWS Backup rule schedule (UTC cron expression of AWS Backup)."""
    backup_retention_days: int = 35
    """Days a recovery point is kept in the region's vault and in its DR-region copy."""
    vault_lock_mode: VaultLockMode = "compliance"
    """``compliance``: after ``vault_lock_cooling_off_days`` nobody (not even root) can
    shorten retention or delete recovery points early; ``governance``: privileged IAM
    principals may remove the lock (for test accounts)."""
    vault_lock_cooling_off_days: int = 3
    """Compliance lock only: days the lock can still be removed (AWS minimum 3)."""
    drill_minutes: int = 10
    """Duration of the FIS drills (AZ loss and regional evacuation)."""

    def __post_init__(self) -> None:
        _require(self.admin_access in ("ssm", "client_vpn"),
                 f"operations.admin_access must be 'ssm' or 'client_vpn', "
                 f"got {self.admin_access!r}")
        if self.admin_access == "client_vpn":
            for key in ("vpn_server_certificate_arn", "vpn_client_root_certificate_arn"):
                _require(bool(_ACM_ARN.match(getattr(self, key))),
                         f"operations.{key} must be an ACM certificate ARN when "
                         "admin_access = 'client_vpn'")
        _require(30 <= self.trail_retention_days <= 3650,
                 "operations.trail_retention_days must be 30..3650")
        _require(bool(_SCHEDULE.match(self.backup_schedule)),
                 f"operations.backup_schedule must be cron(...), got {self.backup_schedule!r}")
        _require(7 <= self.backup_retention_days <= 3650,
                 "operations.backup_retention_days must be 7..3650")
        _require(self.vault_lock_mode in ("governance", "compliance"),
                 "operations.vault_lock_mode must be 'governance' or 'compliance'")
        _require(3 <= self.vault_lock_cooling_off_days <= 365,
                 "operations.vault_lock_cooling_off_days must be 3..365 (AWS minimum 3)")
        _require(1 <= self.drill_minutes <= 60,
                 "operations.drill_minutes must be 1..60 (RTO is 60 minutes)")
