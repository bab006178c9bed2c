"""Our own policies, one per file (file name = class name in snake_case).

Each class has a ``rule(ctx)`` method yielding verdicts; ids, severities, enforcement levels
and explanations live in :mod:`policies.catalog`.
"""
