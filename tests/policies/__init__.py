"""Tests of the policy gate's loaders, rules and catalog."""
