"""The policy gate: loaders -> resource model -> Checkov + our policies -> findings.

Policies read only JSON (synthesized, HCL-parsed or plan). Nothing here imports cdktf.
"""
