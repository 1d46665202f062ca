"""The 社情民意综合分析报告 (monthly and quarterly report to leaders) as data: :mod:`grids.reports.content`
gathers it, :mod:`grids.reports.period` parses its period. The PDF and DOCX writers are the top-level
``reports`` package (docs/foresight.md#reports-社情民意综合分析报告)."""
