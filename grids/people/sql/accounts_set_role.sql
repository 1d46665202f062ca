-- Another role, scope and person for the account %(username)s; returns its id.
UPDATE account SET role = %(role)s, scope_code = %(scope_code)s, person_id = %(person_id)s
WHERE username = %(username)s
RETURNING id;
