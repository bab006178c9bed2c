"""Every IAM role our stacks create carries the workload permissions boundary (issue 8.6).

One cdktf Aspect per stack, registered by :func:`bound_workload_roles` (from
:func:`stacks.synth.synthesize`), sets ``permissions_boundary`` on every ``aws_iam_role``
that has none. The ARN is built from the stack's own account id
(``arn:aws:iam::<account>:policy/<prefix>-workload-boundary``), so no cross-stack reference
is needed; the policy itself lives in the ``global`` stack, applied before every stack that
creates roles (the state stacks, applied first, create none: a stack without roles gets no
data source either). Roles that already have a boundary (the CI roles) keep theirs.
"""

from __future__ import annotations

import jsii
from cdktf import Aspects, IAspect, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
from cdktf_cdktf_provider_aws.iam_role import IamRole
from constructs import IConstruct

from modules.ci.workload_boundary import workload_boundary_name


@jsii.implements(IAspect)
class WorkloadBoundaryAspect:
    """Sets the workload boundary on every role of one stack that has no boundary."""

    def __init__(self, stack: TerraformStack, name_prefix: str) -> None:
        self._stack = stack
        self._policy = workload_boundary_name(name_prefix)
        self._arn: str | None = None

    def visit(self, node: IConstruct) -> None:
        """cdktf calls this for every construct of the stack before synthesis."""
        if isinstance(node, IamRole) and node.permissions_boundary_input is None:
            node.permissions_boundary = self.arn()

    def arn(self) -> str:
        """The boundary's ARN in this stack's account (one data source, made on first use)."""
        if self._arn is None:
            account = DataAwsCallerIdentity(self._stack, "workload_boundary_account").account_id
            self._arn = f"arn:aws:iam::{account}:policy/{self._policy}"
        return self._arn


def bound_workload_roles(stacks: list[TerraformStack], name_prefix: str) -> None:
    """Register :class:`WorkloadBoundaryAspect` on each of ``stacks``."""
    for stack in stacks:
        Aspects.of(stack).add(WorkloadBoundaryAspect(stack, name_prefix))
