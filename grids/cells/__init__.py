"""Cells: the hierarchy of nested cells, their standard codes, the generations they are valid in, the cell
store, bringing a set of cells into the draft, the rules they must keep (checks), old → new codes,
comparing generations, per-grid metrics and the export table.

Imports only the shared modules of :mod:`grids` (errors, clock).
"""
