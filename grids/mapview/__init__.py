"""The command map's data: each level's cell layers, the map's questions (statistics per cell, incidents,
heat, hot cells, loads) within an account's scope, the cache of heavy answers and the warm start.

Imports :mod:`grids.cells`, :mod:`grids.people` and :mod:`grids.cases`.
"""
