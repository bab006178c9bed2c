"""What the templates are rendered from: the config's stacks, regions and CI settings.

Bootstrap ``state-*`` stacks keep local state and are applied once by hand, so CI plans,
applies and watches only the stacks with remote state (the app stacks and ``edge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ci.pins import PINS
from regions import PlatformConfig
from stacks.names import stack_specs

PYTHON_VERSION = "3.11"
NODE_VERSION = "20"
#: GitHub environment with required reviewers that guards applies (modules/ci/ci_roles.py).
APPLY_ENVIRONMENT = "production"
#: Daily drift check (UTC), outside the evening peak of both regions.
DRIFT_CRON = "17 5 * * *"


@dataclass(frozen=True)
class CiStack:
    """One stack as CI sees it."""

    name: str
    """Stack name."""
    region: str
    """Region of its state (and the region its CI role session targets)."""
    residency: str
    """``us`` or ``eu``."""
    needs: tuple[str, ...]
    """CI stacks that must be applied first."""

    @property
    def job(self) -> str:
        """A job id for this stack (``apply-app-us-east-1``)."""
        return "apply-" + self.name.replace(".", "-")


def role_arn(config: PlatformConfig, purpose: str) -> str:
    """ARN of the CI role (``plan`` or ``apply``); the account id is the repository variable
    ``AWS_ACCOUNT_ID``. Roles are named ``<project>-<environment>-ci-<purpose>``."""
    return (f"arn:aws:iam::${{{{ vars.AWS_ACCOUNT_ID }}}}:role/"
            f"{config.project}-{config.environment}-ci-{purpose}")


def ci_stacks(config: PlatformConfig) -> list[CiStack]:
    """Remote-state stacks in apply order, with dependencies among themselves."""
    specs = [s for s in stack_specs(config) if s.kind != "state"]
    names = {s.name for s in specs}
    return [CiStack(s.name, s.region, s.residency,
                    tuple(d for d in s.depends_on if d in names)) for s in specs]


def workflow_context(config: PlatformConfig) -> dict[str, Any]:
    """Everything the workflow templates use."""
    return {
        "config": config,
        "stacks": ci_stacks(config),
        "pins": PINS,
        "python_version": PYTHON_VERSION,
        "node_version": NODE_VERSION,
        "plan_role": role_arn(config, "plan"),
        "apply_role": role_arn(config, "apply"),
        "apply_environment": APPLY_ENVIRONMENT,
        "drift_cron": DRIFT_CRON,
    }
