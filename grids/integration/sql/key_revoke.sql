-- Revoke a key from now on (it stays, refused): its tickets and its history refer to it.
UPDATE api_key SET revoked_at = now(), revoked_by = gridgov_operator()
WHERE name = %(name)s AND revoked_at IS NULL
RETURNING id
