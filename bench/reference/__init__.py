"""A bare Viewflow 2.4 reference flow for the benchmarks (bench/steps.py, throughput.py, scale.py, http.py).

Nothing of CadreFlow: Viewflow's own views and nodes, guardian for the approver's object permission, simple-history
on the process. Installed only by ``bench.settings`` (never by ``config.settings``).
"""
