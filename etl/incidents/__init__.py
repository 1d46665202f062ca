"""Incident files of every channel in and out: the reader stack (``reader`` over ``fields``, ``values``,
``times`` and the format readers ``csv_reader`` and ``excel_json_reader``, all on the ``base`` types),
then the import, the export and the replacement of placements.

Owns ``sql/`` (the import log, the export query). May import ``etl``'s shared top, ``grids`` and ``gis``;
no other etl sub-package.
"""
