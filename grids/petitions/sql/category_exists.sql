-- Whether category %(code)s exists.
SELECT code FROM category WHERE code = %(code)s
