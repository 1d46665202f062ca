-- The category tree for the filters: 大类 before their 小类, by code.
SELECT code, name, name_en, parent_code FROM category ORDER BY coalesce(parent_code, code), parent_code NULLS FIRST, code;
