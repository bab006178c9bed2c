"""Recovery constructs: what keeps a jurisdiction's DR copies within RPO (issue 11)."""
