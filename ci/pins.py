"""Third-party actions, pinned to full commit SHAs (a tag can be moved; a SHA cannot).

Each SHA is the commit its comment's tag pointed to when pinned. Update a pin by replacing
both, then run ``python -m ci.render``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pin:
    """One action at one commit."""

    action: str
    """``owner/repo`` or ``owner/repo/path``."""
    sha: str
    """40-hex commit SHA."""
    tag: str
    """Release tag the SHA belongs to (kept as a comment)."""

    @property
    def uses(self) -> str:
        """The ``uses:`` value with its version comment."""
        return f"{self.action}@{self.sha} # {self.tag}"


PINS: dict[str, Pin] = {
    "checkout": Pin("actions/checkout", "11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "setup-python": Pin("actions/setup-python", "a26af69be951a213d495a4c3e4e4022e16d87065",
                        "v5.6.0"),
    "setup-node": Pin("actions/setup-node", "49933ea5288caeca8642d1e84afbd3f7d6820020", "v4.4.0"),
    "upload-artifact": Pin("actions/upload-artifact", "ea165f8d65b6e75b540449e92b4886f43607fa02",
                           "v4.6.2"),
    "download-artifact": Pin("actions/download-artifact",
                             "d3f86a106a0bac45b974a628896c90dbdf5c8093", "v4.3.0"),
    "upload-sarif": Pin("github/codeql-action/upload-sarif",
                        "181d5eefc20863364f96762470ba6f862bdef56b", "v3.29.2"),
    "configure-aws-credentials": Pin("aws-actions/configure-aws-credentials",
                                     "b47578312673ae6fa5b5096b330d9fbac3d116df", "v4.2.1"),
    "github-script": Pin("actions/github-script", "60a0d83039c74a4aee543508d2ffcb1c3799cdea",
                         "v7.0.1"),
}
