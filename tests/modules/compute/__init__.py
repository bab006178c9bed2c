"""Tests of modules/compute."""
