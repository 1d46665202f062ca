"""Boundary files in and out: the reader (format, CRS, encoding), the import into a generation or draft,
the cell export and the building → grid CSV.

Owns ``sql/`` (the import log). May import ``etl``'s shared top, ``grids`` and ``gis``; no other etl
sub-package.
"""
