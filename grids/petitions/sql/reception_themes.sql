-- The themes of the year's months.
SELECT month, theme, departments FROM reception_theme ORDER BY month
