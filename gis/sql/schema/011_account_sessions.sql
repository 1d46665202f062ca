-- Revocable sessions (issue 13). The signed cookie no longer names the account: it carries a random
-- session token, and each request finds its row here (the token is kept only as its SHA-256, so a copy
-- of this table signs nobody in). A session is alive while ended_at is NULL, it is younger than the
-- absolute lifetime (12 h) and it was used within the idle timeout (last_seen_at, refreshed at most once
-- a minute); webmap.auth decides with the limits of the app's settings. Signing out ends the one
-- session; a password change or disabling the account ends every session of the account.
-- disabled_at: the account may not sign in (NULL: enabled); password_changed_at: the last change.
ALTER TABLE account
    ADD COLUMN disabled_at timestamptz,
    ADD COLUMN password_changed_at timestamptz;

CREATE TABLE account_session (
    token_sha256 text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz,
    ended_why text CHECK (ended_why IN ('signed_out', 'password_changed', 'disabled', 'replaced'))
);

-- ending every session of one account (a password change, disabling it) finds them by account
CREATE INDEX account_session_live ON account_session (account_id) WHERE ended_at IS NULL;
