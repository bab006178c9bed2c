"""The platform's numbers as code: capacity, cost, availability and recovery.

Reads the same resource model the gate uses (:mod:`policies.loaders`; never cdktf) and the
demand model (:class:`regions.demand.DemandModel`); prices and SLA figures are data files in
this package (``prices/<region>.toml``, ``facts.toml``). ``python main.py estimate`` prints it.
"""
