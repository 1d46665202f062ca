"""Petitions (信访): a petition matter (信访事项) beside a case, its petitioners (stored with keyed hashes of
their ID numbers and phones), the deadlines of the 2022 信访工作条例, first or repeat petitions, skip-level
visits reported back by other offices, and the petition office's key indicators. ``docs/petitions.md`` is
the guide; each module's docstring carries its idea. Modules: matters (the record and its steps),
petitioners, repeats, skip_level, kpi; the backlog register, proxies, reception days and suggestions live
in modules of their own beside these.
"""
