-- The category a field report names, by its code.
SELECT code, name FROM category WHERE code = %(code)s
