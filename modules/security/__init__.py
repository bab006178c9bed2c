"""security constructs."""
