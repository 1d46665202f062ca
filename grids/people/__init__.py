"""People: the roster (who is responsible for which cells or categories), sign-in accounts and their
scope, and the notifications people read.

Imports :mod:`grids.cells`.
"""
