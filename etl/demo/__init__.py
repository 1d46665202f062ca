"""The synthetic demo district: its cells, buildings, people and accounts, a year of incidents written as
each channel's export files, and the case histories walked through the case loop's public functions.

Owns ``sql/`` and ``data/`` (the real divisions of 崂山区). May import ``etl.incidents`` (the demo's files
go in through the real intake), ``etl``'s shared top, ``grids`` and ``gis``.
"""
