-- Live intake from other systems (issue 15): keys of the calling systems (the 12345 platform, 110, a
-- provincial platform), the tickets each one submitted, and the outbox of status changes pushed back to
-- their webhooks. The code is grids/integration/.
--
-- api_key: one calling system. The token is shown once, at creation; only its SHA-256 is stored, so a
-- copy of the database gives nobody a usable key. channels: the channels it may submit to; cell_prefixes:
-- the cell codes it is scoped to (a ticket placed in a cell disjoint from all of them is refused; empty:
-- the whole district). A revoked key stays (its tickets and history refer to it) and is refused from then
-- on. webhook_secret signs the pushes (HMAC-SHA256): it must be readable to sign, so it is stored as given
-- and never shown again. webhook_event_floor: the case_event id below which every event of the key's
-- tickets is in the outbox already (the outbox is filled from case_event; see webhook_enqueue.sql).
CREATE TABLE api_key (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
    token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    channels text[] NOT NULL CHECK (cardinality(channels) > 0 AND channels <@ ARRAY['hotline', 'police110',
                                    'patrol', 'app', 'petition', 'assigned']),
    cell_prefixes text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by text DEFAULT gridgov_operator(),
    revoked_at timestamptz,
    revoked_by text,
    webhook_url text CHECK (webhook_url ~ '^https?://'),
    webhook_secret text,
    webhook_event_floor bigint NOT NULL DEFAULT 0,
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);

-- Every change of a key, with its actor (as account_event does for accounts): created, revoked,
-- webhook_set, webhook_removed. Append-only.
CREATE TABLE api_key_event (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    key_id bigint NOT NULL REFERENCES api_key (id),
    event text NOT NULL CHECK (event IN ('created', 'revoked', 'webhook_set', 'webhook_removed')),
    detail jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX api_key_event_key ON api_key_event (key_id, at);
REVOKE UPDATE, DELETE ON api_key_event FROM gridgov_app;

-- Which key submitted a ticket: its status goes back to that key only (pulled or pushed). One key per
-- ticket; a ticket of the file import that a key then submits becomes that key's. via: the batch API or
-- Open311 (whose public list shows only its own requests).
CREATE TABLE api_ticket (
    incident_id bigint PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
    key_id bigint NOT NULL REFERENCES api_key (id),
    via text NOT NULL CHECK (via IN ('batch', 'open311')),
    received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_ticket_key ON api_ticket (key_id);
CREATE INDEX api_ticket_open311 ON api_ticket (incident_id) WHERE via = 'open311';

-- The outbox: one row per status change of a key's ticket for a key with a webhook, made once (the
-- unique pair) and delivered until the receiver answers 2xx; a failure is tried again at next_attempt_at
-- (exponential backoff) until max attempts, then gave_up_at. Delivery times are real time, not the case
-- clock (a frozen demo clock would never make a retry due).
CREATE TABLE api_webhook_outbox (
    id bigserial PRIMARY KEY,
    key_id bigint NOT NULL REFERENCES api_key (id),
    case_event_id bigint NOT NULL REFERENCES case_event (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    last_error text,
    delivered_at timestamptz,
    gave_up_at timestamptz,
    UNIQUE (key_id, case_event_id)
);
CREATE INDEX api_webhook_outbox_due ON api_webhook_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- Least privilege: gridgov_app creates, revokes and uses keys, records tickets and works the outbox, but
-- never deletes a key, a ticket's key or an outbox row (their history is the record of who sent what and
-- what was pushed), nor moves a ticket to another key.
REVOKE DELETE ON api_key, api_webhook_outbox FROM gridgov_app;
REVOKE UPDATE, DELETE ON api_ticket FROM gridgov_app;
