-- Only the incidents of category %(category)s: a 大类 takes its 小类 (as map_filters.sql does).
AND category_code IN (SELECT code FROM category WHERE code = %(category)s OR parent_code = %(category)s)
