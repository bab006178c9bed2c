"""Tests of modules/identity."""
