-- Every category's code, name and aliases; leaves (with a parent) last, so a leaf wins a clash
-- of texts with its parent.
SELECT code, name, aliases FROM category ORDER BY parent_code NULLS FIRST, code
