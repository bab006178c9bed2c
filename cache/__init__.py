"""Content-addressed caches for the slow steps (synth, Checkov): see :mod:`cache.store`."""
