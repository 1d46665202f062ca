"""The address register (标准地址库) and the gazetteer of place names (地名库), from a district's own files.

Concept: the register says which building or stairwell micro-grid a standard address names; the
gazetteer says what a place's name means (a market's dedicated grid, a school's building, a compound's
other name). Both are what :mod:`grids.incidents.address_match` places address texts with. They are
written here, line by line, with the lines they replace kept (:mod:`grids.addresses.register`,
:mod:`grids.addresses.gazetteer`); reading files is :mod:`etl.address_file`'s.
"""
