"""Foresight (未诉先办, 预测预警): what the history says is coming — seasonal issues by cell and category
(:mod:`grids.foresight.seasons`), so a centre can act before the calls come.
"""
