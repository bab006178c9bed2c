"""storage constructs."""
