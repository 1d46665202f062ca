-- Dispute resolution (矛盾纠纷多元化解, issue 16): a dispute record attached to a case, its parties, the
-- mediation organisations and mediators, the posts of a centre, triage, sessions, the outcome (agreement
-- or hand-over), the follow-up of agreements, screening campaigns and the 110 three-calls rule. The code
-- is grids/disputes/, the chain and its rules docs/disputes.md.
--
-- A dispute is a case (an incident row) with a record beside it: dispute.incident_id is the case's id,
-- so every channel's ticket can become a dispute and the case loop, the map and the generic KPIs keep
-- working on it. The chain has its own stage (dispute.stage), moved only by grids/disputes and recorded
-- in dispute_event (append-only) with the actor: by_person_id (whom the action names) and operator
-- (who typed or clicked, gridgov_operator(), 013).

-- The editable list of dispute types (婚姻家庭, 邻里, …); category_code: the incident category the type
-- stands for in the category tree (etl/data/categories.csv), so a ticket's category suggests its type.
CREATE TABLE dispute_type (
    code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{1,32}$'),
    name text NOT NULL CHECK (name <> ''),
    category_code text,
    position integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true
);
INSERT INTO dispute_type (code, name, category_code, position) VALUES
    ('family', '婚姻家庭', '0102', 1), ('neighbour', '邻里', '0101', 2), ('property', '物业', '0103', 3),
    ('labour', '劳资/欠薪', '0104', 4), ('consumer', '消费', '0106', 5), ('land', '土地/征地拆迁', '0105', 6),
    ('medical', '医疗', '0107', 7), ('traffic', '交通事故', '0108', 8), ('contract', '合同债务', '0109', 9),
    ('education', '教育入学', '0110', 10), ('other', '其他', '0199', 99);

-- Mediation organisations: 人民调解委员会 of a community, street or district (kind committee, level), trade
-- committees (kind trade: property, traffic, medical, labour) and 个人调解工作室 (kind studio). geom: where
-- the organisation and its room are; cell_code: the grid (else the finest cell) that point lies in, in the
-- generation current when it was saved; area_code: the cell it serves (its community, street, district).
CREATE TABLE mediation_org (
    id bigserial PRIMARY KEY,
    code text UNIQUE CHECK (code <> ''),
    name text NOT NULL CHECK (name <> ''),
    kind text NOT NULL CHECK (kind IN ('committee', 'trade', 'studio')),
    level text CHECK (level IN ('community', 'street', 'district')),
    trade text CHECK (trade IN ('property', 'traffic', 'medical', 'labour')),
    area_code text NOT NULL,
    address text,
    phone text,
    geom geometry(Point, 4490),
    cell_code text,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator(),
    CHECK ((kind = 'committee') = (level IS NOT NULL)),
    CHECK ((kind = 'trade') = (trade IS NOT NULL))
);
CREATE INDEX mediation_org_geom ON mediation_org USING gist (geom);
CREATE INDEX mediation_org_area ON mediation_org (area_code);

-- Mediators: people of an organisation (a person of the roster when they sign in), their specialties
-- (dispute type codes).
CREATE TABLE mediator (
    id bigserial PRIMARY KEY,
    code text UNIQUE CHECK (code <> ''),
    name text NOT NULL CHECK (name <> ''),
    phone text,
    org_id bigint NOT NULL REFERENCES mediation_org (id),
    person_id bigint REFERENCES person (id),
    specialties text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX mediator_org ON mediator (org_id);

-- The posts of a centre (一核八翼: 调解和事, 访谈接待, …), a configurable list per centre (a street's or the
-- district's cell code). A centre without rows has the default list of grids/disputes/triage.py.
CREATE TABLE centre_post (
    centre_code text NOT NULL,
    post text NOT NULL CHECK (post <> ''),
    position integer NOT NULL DEFAULT 0,
    PRIMARY KEY (centre_code, post)
);

-- Screening campaigns (集中排查): a period, an area (cell codes), topics (dispute type codes). A grid is
-- screened when a screening_visit names it within the period; coverage = grids screened / all grids of
-- the area.
CREATE TABLE screening_campaign (
    id bigserial PRIMARY KEY,
    name text NOT NULL CHECK (name <> ''),
    starts_on date NOT NULL,
    ends_on date NOT NULL CHECK (ends_on >= starts_on),
    area_codes text[] NOT NULL CHECK (cardinality(area_codes) > 0),
    topics text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE TABLE screening_visit (
    id bigserial PRIMARY KEY,
    campaign_id bigint REFERENCES screening_campaign (id),
    grid_code text NOT NULL,
    screened_on date NOT NULL,
    by_person_id bigint REFERENCES person (id),
    note text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX screening_visit_campaign ON screening_visit (campaign_id, grid_code);

-- The dispute record. stage: received → triaged → mediating → agreed → resolved, or → handed_over
-- (docs/disputes.md). risk_computed: the rule's level (grids/disputes/risk.py); risk_override: staff's,
-- with its reason; risk_level: the one that holds. outcome: the latest 调解成功 (success) or 调解不成
-- (failure). source: a channel (the case's) or screening (排查) by a grid member, maybe in a campaign.
CREATE TABLE dispute (
    incident_id bigint PRIMARY KEY REFERENCES incident (id),
    type_code text NOT NULL REFERENCES dispute_type (code),
    source text NOT NULL CHECK (source IN ('channel', 'screening', 'three_calls')),
    campaign_id bigint REFERENCES screening_campaign (id),
    screened_by bigint REFERENCES person (id),
    received_at timestamptz NOT NULL,
    summary text,
    people_involved integer NOT NULL CHECK (people_involved >= 1),
    amount_involved numeric(14, 2) CHECK (amount_involved >= 0),
    violence boolean NOT NULL DEFAULT false,           -- flagged by staff (the rule also reads the 110 calls)
    risk_computed text NOT NULL CHECK (risk_computed IN ('red', 'orange', 'yellow', 'blue')),
    risk_factors jsonb NOT NULL DEFAULT '{}',
    risk_override text CHECK (risk_override IN ('red', 'orange', 'yellow', 'blue')),
    risk_override_reason text,
    risk_level text GENERATED ALWAYS AS (coalesce(risk_override, risk_computed)) STORED,
    stage text NOT NULL DEFAULT 'received' CHECK (stage IN (
        'received', 'triaged', 'mediating', 'agreed', 'resolved', 'handed_over')),
    centre_code text,
    post text,
    org_id bigint REFERENCES mediation_org (id),
    joint boolean NOT NULL DEFAULT false,             -- 会商研判、联合调处
    joint_posts text[] NOT NULL DEFAULT '{}',
    outcome text CHECK (outcome IN ('success', 'failure')),
    outcome_at timestamptz,
    resolved_at timestamptz,                           -- the latest 调解成功 not broken since
    reopen_count integer NOT NULL DEFAULT 0,
    building_code text,                                -- three_calls: the building the calls were about
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz,
    CHECK ((risk_override IS NULL) = (risk_override_reason IS NULL)),
    CHECK (source = 'screening' OR campaign_id IS NULL)
);
CREATE INDEX dispute_received ON dispute (received_at);
CREATE INDEX dispute_org ON dispute (org_id);
CREATE INDEX dispute_open_building ON dispute (building_code) WHERE source = 'three_calls';

-- Parties (当事人): applicant or respondent, a person or an organisation. phone and id_number (身份证 or
-- 统一社会信用代码) are personal data: grids/disputes/parties.py masks them per viewer, and an ID
-- number is never returned whole.
CREATE TABLE dispute_party (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    side text NOT NULL CHECK (side IN ('applicant', 'respondent')),
    kind text NOT NULL CHECK (kind IN ('person', 'organisation')),
    name text NOT NULL CHECK (name <> ''),
    phone text,
    id_number text,
    address text,
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX dispute_party_incident ON dispute_party (incident_id);

-- The mediators a dispute was sent to (one lead), and the 五员 team of a three-calls case.
CREATE TABLE dispute_mediator (
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    mediator_id bigint NOT NULL REFERENCES mediator (id),
    lead boolean NOT NULL DEFAULT false,
    PRIMARY KEY (incident_id, mediator_id)
);
CREATE INDEX dispute_mediator_mediator ON dispute_mediator (mediator_id);
CREATE TABLE dispute_team (
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    role text NOT NULL CHECK (role IN ('lead', 'police', 'mediator', 'cadre', 'grid_member')),
    name text,
    phone text,
    person_id bigint REFERENCES person (id),
    mediator_id bigint REFERENCES mediator (id),
    PRIMARY KEY (incident_id, role)
);

-- Sessions (调解): when, where, who attended, notes. Records of what happened: never deleted.
CREATE TABLE dispute_session (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    held_at timestamptz NOT NULL,
    place text NOT NULL CHECK (place <> ''),
    attendees jsonb NOT NULL,
    notes text,
    by_person_id bigint REFERENCES person (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX dispute_session_incident ON dispute_session (incident_id, held_at);

-- Agreements (调解协议) of 调解成功, and their follow-up (履行回访) at the deadline: performed, partly,
-- not (which reopens the dispute). The follow-up columns are answered once, later (an UPDATE).
CREATE TABLE dispute_agreement (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    signed_at timestamptz NOT NULL,
    terms text NOT NULL CHECK (terms <> ''),
    amount numeric(14, 2) CHECK (amount >= 0),
    deadline date NOT NULL,
    judicial_confirmation boolean NOT NULL DEFAULT false,   -- 司法确认
    performance text CHECK (performance IN ('performed', 'partly', 'not')),
    followed_up_at timestamptz,
    follow_up_note text,
    operator text DEFAULT gridgov_operator(),
    CHECK ((performance IS NULL) = (followed_up_at IS NULL))
);
CREATE INDEX dispute_agreement_due ON dispute_agreement (deadline) WHERE performance IS NULL;
CREATE INDEX dispute_agreement_incident ON dispute_agreement (incident_id);

-- Hand-overs of 调解不成 (诉调对接): to the court (立案), labour arbitration, an administrative body, the
-- petition office; the body's name and its reference (案号). Never updated nor deleted.
CREATE TABLE dispute_handover (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    handed_at timestamptz NOT NULL,
    target text NOT NULL CHECK (target IN ('court', 'labour_arbitration', 'administrative', 'petition_office')),
    body text NOT NULL CHECK (body <> ''),
    reference text,
    reason text,
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX dispute_handover_incident ON dispute_handover (incident_id);

-- The 110 calls a three-calls case links (接处警三次以上 → 联动联调): a call joins one such case at most.
CREATE TABLE dispute_call (
    call_incident_id bigint PRIMARY KEY REFERENCES incident (id),
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    linked_at timestamptz NOT NULL
);
CREATE INDEX dispute_call_dispute ON dispute_call (incident_id);

-- The chain's history: one row per action on a dispute (recorded, triage, joint, session, success,
-- failure, follow_up, risk, parties, team, calls), append-only.
CREATE TABLE dispute_event (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES dispute (incident_id),
    version integer NOT NULL,
    action text NOT NULL,
    from_stage text,
    to_stage text NOT NULL,
    by_person_id bigint REFERENCES person (id),     -- NULL: the system (the three-calls rule)
    at timestamptz NOT NULL,                         -- on the case clock
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    note text,
    details jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator(),
    UNIQUE (incident_id, version)
);
CREATE INDEX dispute_event_at ON dispute_event USING brin (at);
CREATE FUNCTION dispute_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the dispute history is append-only: % of dispute_event % refused', TG_OP, OLD.id;
END $$;
CREATE TRIGGER dispute_event_no_update_or_delete BEFORE UPDATE OR DELETE ON dispute_event
    FOR EACH ROW EXECUTE FUNCTION dispute_event_append_only();

-- Least privilege: the history is append-only; sessions, hand-overs, linked calls and screening visits
-- are records, never rewritten; an agreement is answered once by its follow-up (UPDATE) but never
-- deleted; the dispute itself is never deleted (its parties may be corrected).
REVOKE UPDATE, DELETE ON dispute_event, dispute_session, dispute_handover, dispute_call, screening_visit
    FROM gridgov_app;
REVOKE DELETE ON dispute, dispute_agreement FROM gridgov_app;
