"""The planners' draft: its revision and workflow (drafts), edits of a community's grids (planned by
``edit_geometry`` and ``edit_codes``, written by ``draft_store``), undo and redo (history), what the
planners' map shows (community_map), and publishing with the handover of members and open cases.

Imports :mod:`grids.cells`, :mod:`grids.people` and :mod:`grids.cases`; never its own ``analysis``.
"""
