-- A new key of a calling system: only the token's SHA-256 is stored.
INSERT INTO api_key (name, token_sha256, channels, cell_prefixes, scopes)
VALUES (%(name)s, %(token_sha256)s, %(channels)s, %(cell_prefixes)s, %(scopes)s)
RETURNING id, name, channels, cell_prefixes, scopes, created_at, created_by
