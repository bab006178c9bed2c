"""CI and operations documents rendered from the platform config: GitHub workflows and
disaster-recovery runbooks. ``python -m ci.render`` rewrites the committed files;
``python -m ci.render --check`` exits 1 when they differ from a fresh rendering."""
