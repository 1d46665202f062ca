-- Insert new categories and update changed ones from category_stage (parents before children).
INSERT INTO category (code, name, name_en, parent_code, time_limit_hours, time_limit_workdays, aliases)
SELECT code, name, name_en, parent_code, time_limit_hours, time_limit_workdays, aliases
FROM category_stage
ORDER BY parent_code NULLS FIRST, code
ON CONFLICT (code) DO UPDATE
   SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, parent_code = EXCLUDED.parent_code,
       time_limit_hours = EXCLUDED.time_limit_hours,
       time_limit_workdays = EXCLUDED.time_limit_workdays, aliases = EXCLUDED.aliases
 WHERE (category.name, category.name_en, category.parent_code, category.time_limit_hours,
        category.time_limit_workdays, category.aliases)
       IS DISTINCT FROM
       (EXCLUDED.name, EXCLUDED.name_en, EXCLUDED.parent_code, EXCLUDED.time_limit_hours,
        EXCLUDED.time_limit_workdays, EXCLUDED.aliases)
