"""network constructs."""
