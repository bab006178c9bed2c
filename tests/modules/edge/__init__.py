"""Tests of modules/edge."""
