"""Our own policies, one per file (file name = class name in snake_case).

Each module defines one :class:`~policies.rules._base.Rule` subclass that carries its own
metadata (id, name, severity, enforcement, category, explanation) and decides either per
resource (``resource_types`` + ``check(r, ctx)``, the base class runs the loop) or, for
cross-resource rules, by overriding ``verdicts(ctx)``. :mod:`policies.catalog` discovers them.
"""
