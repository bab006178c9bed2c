"""Construct tests, one package per modules/ package."""
