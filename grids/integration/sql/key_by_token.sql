-- The key whose token hashes to token_sha256 (revoked ones too: the caller says why it refuses).
SELECT id, name, channels, cell_prefixes, scopes, revoked_at, webhook_url IS NOT NULL AS has_webhook
FROM api_key WHERE token_sha256 = %(token_sha256)s
