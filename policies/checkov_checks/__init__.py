"""Our custom Checkov checks (ids ``CKV_HAP_<N>``), one per file.

Checkov loads every ``.py`` file here with ``--external-checks-dir``; they run inside
Checkov's own environment (``.venv-checkov/``), so they import only ``checkov`` and
the standard library, never our packages. Each check fails closed: a value it cannot
read as a literal (an interpolation such as ``${var.x}``) is a failure, not a pass.
"""
