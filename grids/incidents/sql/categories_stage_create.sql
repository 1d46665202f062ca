-- A staging table of category rows for categories_upsert.sql (dropped at commit).
CREATE TEMP TABLE category_stage (LIKE category) ON COMMIT DROP
