-- Who signed in, who failed, and who changed which account (issue 15): the account log, append-only.
-- event: sign_in, sign_in_failed, sign_in_locked (refused while locked, the password unchecked),
-- signed_out, locked, unlocked, created, replaced, password_changed, disabled, enabled, role_changed,
-- scope_changed. username is kept as typed for a failure of an unknown name (then account_id is NULL);
-- address is the client's (the proxy's X-Forwarded-For when the app trusts one); operator is the session's
-- (web:<account> or cli:<user>) for changes made by someone else.
CREATE TABLE account_event (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    event text NOT NULL CHECK (event IN ('sign_in', 'sign_in_failed', 'sign_in_locked', 'signed_out', 'locked',
                                         'unlocked', 'created', 'replaced', 'password_changed', 'disabled',
                                         'enabled', 'role_changed', 'scope_changed')),
    username text NOT NULL,
    account_id bigint REFERENCES account (id) ON DELETE SET NULL,
    address text,
    detail jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX account_event_username_at ON account_event (username, at);
CREATE INDEX account_event_address_at ON account_event (address, at) WHERE event = 'sign_in_failed';
CREATE INDEX account_event_at ON account_event (at);
REVOKE UPDATE, DELETE ON account_event FROM gridgov_app;
