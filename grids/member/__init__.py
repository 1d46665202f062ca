"""The grid member's workspace: their area (grids, buildings, households, building heads), their work
list of open cases and the actions on it, and field reports from the phone.

Imports :mod:`grids.cells`, :mod:`grids.people`, :mod:`grids.incidents`, :mod:`grids.cases` and
:mod:`grids.mapview` (the current generation's cell layers).
"""
