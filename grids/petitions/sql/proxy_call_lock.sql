-- Call %(id)s, locked.
SELECT * FROM proxy_call WHERE id = %(id)s FOR UPDATE
