"""Planning analysis: the load impact of a draft (12 months of incidents replayed against it) and a
proposal of balanced, contiguous grids for a community (tessellation and regions).

Imports :mod:`grids.planning`, :mod:`grids.cells`, :mod:`grids.incidents` (replay) and :mod:`grids.cases`
(workload).
"""
