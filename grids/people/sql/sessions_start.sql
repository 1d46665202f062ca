-- A new session of an account, known by its token's SHA-256 (the token itself is only in the cookie).
INSERT INTO account_session (token_sha256, account_id)
VALUES (%(token_sha256)s, %(account_id)s);
