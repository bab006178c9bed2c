"""Tests of modules/ci."""
