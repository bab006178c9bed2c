"""Tests of modules/loadbalancing."""
