"""Incidents: the store every channel writes to, categories, placing an incident in its cells by
coordinates (placement) or by its Chinese address (address normalising and matching, locate), repeats,
and replaying stored incidents against other boundaries.

Imports :mod:`grids.cells`.
"""
