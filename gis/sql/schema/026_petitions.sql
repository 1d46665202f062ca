-- Petitions (信访, issue 17): a petition matter (信访事项) beside a case, its petitioners, the deadlines of
-- the 2022 信访工作条例, first or repeat (a link to the earlier matter), skip-level visits (越级访) reported
-- back by other offices, and the matter's append-only history. The code is grids/petitions/, the rules
-- docs/petitions.md. (027 adds the backlog register, proxies, reception days and suggestions.)
--
-- A matter is a case (an incident row, usually of channel 'petition') with a record beside it:
-- petition_matter.incident_id is the case's id, as dispute.incident_id is (023). Its stage is moved only
-- by grids/petitions/matters.py and each step is recorded in petition_event with by_person_id (whom the
-- step names) and operator (who typed or clicked, gridgov_operator(), 013).
--
-- Personal data: a petitioner's name, phone and ID number are stored for the office's own work; beside
-- them, keyed hashes (HMAC-SHA256 under petition_hash_key, hex) of the normalised ID number and phone
-- let the repeat rule and the skip-level import match a person without reading the numbers. No event,
-- export or list holds a plain number; a skip-level visit keeps only the hashes.

-- The key of the petitioner hashes: one row of 32 random bytes, written by Python
-- (secrets.token_bytes(32)) on first use. The app role may read it and insert it once, never change or
-- delete it (a new key would un-match every stored hash); the reader role (024) has no grant here.
CREATE TABLE petition_hash_key (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    key bytea NOT NULL CHECK (octet_length(key) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
REVOKE ALL ON petition_hash_key FROM PUBLIC;

-- The matter. form: 来信 letter, 来访 visit, 网上 online, 电话 phone, 领导信箱 leader_mailbox.
-- stage: registered (登记) → accepted (受理) | not_accepted (不予受理) → handled (办结, 处理意见 and the
-- petitioner's satisfaction) → reviewing (复查申请) → reviewed (复查意见) → rereviewing (复核申请) →
-- rereviewed (复核意见, final). The *_due dates are the 条例's deadlines in calendar days (petitions.md).
CREATE TABLE petition_matter (
    incident_id bigint PRIMARY KEY REFERENCES incident (id),
    form text NOT NULL CHECK (form IN ('letter', 'visit', 'online', 'phone', 'leader_mailbox')),
    registered_on date NOT NULL,
    summary text,
    petitioner_count integer NOT NULL CHECK (petitioner_count >= 1),
    collective boolean GENERATED ALWAYS AS (petitioner_count >= 5) STORED,     -- 集体访: 5 or more
    handling_body text NOT NULL CHECK (handling_body <> ''),                   -- 有权处理机关
    handling_cell_code text,
    handling_person_id bigint REFERENCES person (id),                         -- a department of the roster
    stage text NOT NULL DEFAULT 'registered' CHECK (stage IN (
        'registered', 'accepted', 'not_accepted', 'handled', 'reviewing', 'reviewed', 'rereviewing', 'rereviewed')),
    accept_due date NOT NULL,
    accepted_on date,
    not_accepted_reason text,
    handle_due date,
    extended_days integer CHECK (extended_days BETWEEN 1 AND 30),
    extension_reason text,
    handled_on date,
    handling_opinion text,
    satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    review_requested_on date,
    review_due date,
    reviewed_on date,
    review_opinion text,
    rereview_requested_on date,
    rereview_due date,
    rereviewed_on date,
    rereview_opinion text,
    declared_repeat boolean,          -- 是否重复 as an import said it; NULL: not said
    declared_skip_level boolean,      -- 是否越级 as an import said it
    version integer NOT NULL DEFAULT 1,
    changed_at timestamptz,
    CHECK (extended_days IS NULL OR extension_reason IS NOT NULL)
);
CREATE INDEX petition_matter_registered ON petition_matter (registered_on);
CREATE INDEX petition_matter_stage ON petition_matter (stage);

-- Petitioners (信访人), one or many per matter. id_hash, phone_hash: HMAC-SHA256 (hex) of the normalised
-- ID number and phone under petition_hash_key (grids/petitions/petitioners.py).
CREATE TABLE petitioner (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES petition_matter (incident_id),
    position integer NOT NULL,
    name text NOT NULL CHECK (name <> ''),
    phone text,
    id_number text,
    id_hash text CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    phone_hash text CHECK (phone_hash ~ '^[0-9a-f]{64}$'),
    operator text DEFAULT gridgov_operator(),
    CHECK ((id_number IS NULL) = (id_hash IS NULL)),
    CHECK ((phone IS NULL) = (phone_hash IS NULL)),
    UNIQUE (incident_id, position)
);
CREATE INDEX petitioner_id_hash ON petitioner (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX petitioner_phone_hash ON petitioner (phone_hash) WHERE phone_hash IS NOT NULL;

-- Repeat links (重复信访): a matter → the most recent earlier matter of the same petitioner and the same
-- matter (the rule: docs/petitions.md), and the first petition of that chain. matched_on: which hashes
-- matched (id_number, phone); same_by: what made it the same matter (category, address, building).
CREATE TABLE petition_repeat (
    incident_id bigint PRIMARY KEY REFERENCES petition_matter (incident_id),
    earlier_id bigint NOT NULL REFERENCES petition_matter (incident_id),
    first_id bigint NOT NULL REFERENCES petition_matter (incident_id),
    matched_on text[] NOT NULL,
    same_by text[] NOT NULL,
    linked_at timestamptz NOT NULL,
    operator text DEFAULT gridgov_operator(),
    CHECK (incident_id <> earlier_id AND incident_id <> first_id)
);
CREATE INDEX petition_repeat_first ON petition_repeat (first_id);

-- Skip-level visits (越级访: to the city, the province, Beijing) reported back by other offices: the
-- petitioner only as hashes (and a name), the matter when matched, the cell of origin (属地).
-- content_key: a hash of what identifies the visit, so a report imported twice counts once.
CREATE TABLE skip_level_visit (
    id bigserial PRIMARY KEY,
    visited_on date NOT NULL,
    level text NOT NULL CHECK (level IN ('city', 'province', 'beijing')),
    petitioner_name text,
    id_hash text CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    phone_hash text CHECK (phone_hash ~ '^[0-9a-f]{64}$'),
    incident_id bigint REFERENCES petition_matter (incident_id),
    origin_cell_code text NOT NULL CHECK (origin_cell_code <> ''),
    origin_district_code text,        -- the origin cell and its ancestors, resolved at import
    origin_street_code text,
    origin_community_code text,
    origin_grid_code text,
    reported_by text,
    reference text,
    source text,
    content_key text NOT NULL UNIQUE,
    imported_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator(),
    CHECK (id_hash IS NOT NULL OR phone_hash IS NOT NULL)
);
CREATE INDEX skip_level_visit_origin ON skip_level_visit (origin_cell_code, visited_on);

-- The matter's history: one row per step (register, accept, not_accept, extend, handle, request_review,
-- review, request_rereview, rereview, repeat, adopt), append-only. details never hold a phone or an ID
-- number (petitioners appear by position and hash-free count only).
CREATE TABLE petition_event (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES petition_matter (incident_id),
    version integer NOT NULL,
    action text NOT NULL,
    from_stage text,
    to_stage text NOT NULL,
    by_person_id bigint REFERENCES person (id),     -- NULL: the system (an import's adoption)
    at timestamptz NOT NULL,
    on_date date,                                    -- the day the step counts on for its deadline
    due date,                                        -- the deadline it was measured against
    late boolean,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    note text,
    details jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator(),
    UNIQUE (incident_id, version)
);
CREATE INDEX petition_event_at ON petition_event USING brin (at);
CREATE FUNCTION petition_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the petition history is append-only: % of petition_event % refused', TG_OP, OLD.id;
END $$;
CREATE TRIGGER petition_event_no_update_or_delete BEFORE UPDATE OR DELETE ON petition_event
    FOR EACH ROW EXECUTE FUNCTION petition_event_append_only();

-- Least privilege (012's default privileges gave gridgov_app all four): the history, the repeat links and
-- the visits reported back are records, never rewritten; the key is written once; a matter is never
-- deleted (its petitioners may be corrected). gridgov_reader (024) reads only the qgis_* views: these
-- tables hold personal data and are not granted to it.
REVOKE UPDATE, DELETE ON petition_event, petition_repeat, skip_level_visit, petition_hash_key FROM gridgov_app;
REVOKE DELETE ON petition_matter FROM gridgov_app;
