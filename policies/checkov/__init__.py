"""Checkov, run as a program in its own environment, its JSON parsed into our findings.

:func:`scan` stages every stack of a :class:`~policies.model.Model` into one temporary
folder (working around Checkov's ``required_version`` parse trap), runs Checkov once
over all of them, fails closed on anything suspicious (:class:`CheckovError`) and maps
every result back to our stack and Terraform address; :func:`to_findings` turns the
failures into :class:`~policies.findings.Finding` objects.
"""

from policies.checkov.runner import CheckovError, checkov_bin
from policies.checkov.scan import scan, to_findings

__all__ = ["CheckovError", "checkov_bin", "scan", "to_findings"]
