"""Foresight (未诉先办, 预测预警): what the history says is coming — seasonal issues by cell and category
(:mod:`grids.foresight.seasons`), so a centre can act before the calls come; and what is happening now —
bursts of many reporters at one place raised as early warnings (:mod:`grids.foresight.bursts`) and decided
by staff (:mod:`grids.foresight.warnings`).
"""
