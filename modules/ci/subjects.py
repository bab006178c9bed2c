"""Who may assume the CI roles: the GitHub OIDC ``sub`` claims (no cdktf import, so CI
templates and tests can read them cheaply).

GitHub's default subject (``repo:o/r:environment:production``) names no branch and no
workflow, so the repository's subject template is customized once (README, "CI identity") to
the claim keys :data:`SUB_CLAIM_KEYS`; a token's ``sub`` then reads, for example,
``repo:o/r:environment:production:job_workflow_ref:o/r/.github/workflows/apply.yml@refs/heads/main``
(environment, workflow file and the branch it ran from).
"""

from __future__ import annotations

#: Claims in the ``sub`` of this repository's tokens, in order.
SUB_CLAIM_KEYS: tuple[str, ...] = ("repo", "context", "job_workflow_ref")
#: Workflow file whose jobs may apply (behind the apply environment, from the default branch).
APPLY_WORKFLOW = "apply.yml"
#: Workflow files whose jobs may plan from the default branch.
PLAN_WORKFLOWS: tuple[str, ...] = ("pull-request.yml", "drift.yml")
#: Workflow files whose pull-request jobs may plan (any pull request's merge ref).
PULL_REQUEST_WORKFLOWS: tuple[str, ...] = ("pull-request.yml",)


def subject(repository: str, context: str, workflow: str, ref: str) -> str:
    """The ``sub`` of a token for a job of ``workflow`` (a file in ``.github/workflows``) run
    from ``ref`` in ``context`` (``environment:<name>``, ``ref:<ref>`` or ``pull_request``),
    under :data:`SUB_CLAIM_KEYS`."""
    return (f"repo:{repository}:{context}:job_workflow_ref:"
            f"{repository}/.github/workflows/{workflow}@{ref}")
