"""Cases: the case loop (states and the actions that move them), time limits, escalation up the
hierarchy, the periodic tick, KPIs, the grid members' workload and case photos.

Imports :mod:`grids.cells`, :mod:`grids.people` and :mod:`grids.incidents`.
"""
