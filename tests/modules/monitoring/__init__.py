"""Tests of modules/monitoring."""
