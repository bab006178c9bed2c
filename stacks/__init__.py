"""CDKTF stacks: one state bootstrap stack per region, one app stack per serving region,
and the global edge stack. :mod:`stacks.composition` wires them from the config."""

import os

# jsii prints a large banner on Node 20; silence it before cdktf is imported.
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "18,20")
