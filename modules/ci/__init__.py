"""CI identity: the GitHub Actions OIDC provider and the plan/apply roles that trust it."""
