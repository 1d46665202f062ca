"""The one intake every channel goes through ("一个入口汇总"), whatever carried the tickets.

``fields`` (which header feeds which standard field), ``values`` and ``times`` (the checks of whole
columns), ``normalise`` (source text → standard records), ``objects`` (JSON objects → source text) and
``placing`` (standard records → placed rows of the store), all on the ``base`` types. The file import
(:mod:`etl.incidents`) adds the file formats; the intake API (:mod:`grids.integration`) adds keys and
scopes. Imports :mod:`grids.incidents`, :mod:`grids.cells` and :mod:`grids.cases` (the time-limit parser).
"""
