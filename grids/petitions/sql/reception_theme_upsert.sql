-- The theme of month %(month)s and its lead departments.
INSERT INTO reception_theme (month, theme, departments) VALUES (%(month)s, %(theme)s, %(departments)s)
ON CONFLICT (month) DO UPDATE SET theme = EXCLUDED.theme, departments = EXCLUDED.departments
