-- The petition office's work around its matters (信访工作, issue 17): the backlog register (积案) with its
-- owning leaders (领导包案), weekly consultations (周会商) and closing-off (销号), the major-issues list
-- (重大信访问题清单); proxy agents (信访代理) at four levels with the first agent's assignment and the
-- call–response between levels (呼叫—响应); leaders' reception days (领导接访下访日); citizens'
-- suggestions (人民建议征集). The code is grids/petitions/ (backlog.py, proxies.py, reception.py,
-- suggestions.py, work_kpi.py), the rules docs/petitions.md.
--
-- A petition matter is a case (an incident row, channel 'petition'); everything here refers to it by
-- incident_id, never through the petition matter's own tables (026). Suggestions are not cases: they
-- have their own record. Every action is appended to petition_work_event with the actor: by_person_id
-- (the person the action names) and operator (who typed or clicked, gridgov_operator(), 013).

-- 积案: a matter on the backlog register, because it stayed open past the threshold (why 'overdue';
-- grids/petitions/backlog.py, 90 days by default) or because the office named it (why 'named', with a
-- reason). Its owning leader (包案领导: name, post, maybe a person of the roster) and task force
-- (专班: [{"name", "unit"}]). status: open → closed_off (销号: when, the evidence, by whom), allowed only
-- after at least one weekly consultation. A matter is on the register once at a time (it may come back
-- after a closing-off as a new entry).
CREATE TABLE backlog_matter (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    why text NOT NULL CHECK (why IN ('overdue', 'named')),
    named_reason text,
    registered_at timestamptz NOT NULL,
    leader_name text NOT NULL CHECK (leader_name <> ''),
    leader_post text NOT NULL CHECK (leader_post <> ''),
    leader_person_id bigint REFERENCES person (id),
    task_force jsonb NOT NULL DEFAULT '[]',
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed_off')),
    closed_off_on date,
    closed_off_evidence text,
    closed_off_by_person_id bigint REFERENCES person (id),
    operator text DEFAULT gridgov_operator(),
    CHECK ((why = 'named') = (named_reason IS NOT NULL)),
    CHECK ((status = 'closed_off') = (closed_off_on IS NOT NULL AND closed_off_evidence IS NOT NULL))
);
CREATE UNIQUE INDEX backlog_matter_open_once ON backlog_matter (incident_id) WHERE status = 'open';
CREATE INDEX backlog_matter_incident ON backlog_matter (incident_id);

-- 周会商: the weekly consultations on a backlog matter (date, attendees, decisions). Records: never
-- rewritten.
CREATE TABLE backlog_consultation (
    id bigserial PRIMARY KEY,
    backlog_id bigint NOT NULL REFERENCES backlog_matter (id),
    held_on date NOT NULL,
    attendees jsonb NOT NULL,
    decisions text NOT NULL CHECK (decisions <> ''),
    by_person_id bigint REFERENCES person (id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX backlog_consultation_matter ON backlog_consultation (backlog_id, held_on);

-- 重大信访问题清单: a list of its own (one issue may stand behind several matters), with its leader and
-- its own 销号; closing an issue off is refused while one of its matters is open on the backlog register.
CREATE TABLE major_issue (
    id bigserial PRIMARY KEY,
    title text NOT NULL CHECK (title <> ''),
    summary text,
    area_code text,
    listed_on date NOT NULL,
    leader_name text NOT NULL CHECK (leader_name <> ''),
    leader_post text NOT NULL CHECK (leader_post <> ''),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed_off')),
    closed_off_on date,
    closed_off_evidence text,
    closed_off_by_person_id bigint REFERENCES person (id),
    operator text DEFAULT gridgov_operator(),
    CHECK ((status = 'closed_off') = (closed_off_on IS NOT NULL AND closed_off_evidence IS NOT NULL))
);
CREATE TABLE major_issue_matter (
    issue_id bigint NOT NULL REFERENCES major_issue (id),
    incident_id bigint NOT NULL REFERENCES incident (id),
    PRIMARY KEY (issue_id, incident_id)
);

-- 信访代理: proxy agents at four levels. area_code: the area the agent serves — city: the city's 6-digit
-- division code ending '00' (its districts share its first 4 digits); county: a district cell (6
-- digits); township: a street cell (9); village: a community cell (12).
CREATE TABLE proxy_agent (
    id bigserial PRIMARY KEY,
    code text UNIQUE CHECK (code <> ''),
    name text NOT NULL CHECK (name <> ''),
    phone text,
    level text NOT NULL CHECK (level IN ('city', 'county', 'township', 'village')),
    area_code text NOT NULL,
    person_id bigint REFERENCES person (id),
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator(),
    CHECK (CASE level WHEN 'city' THEN area_code ~ '^[0-9]{4}00$' WHEN 'county' THEN area_code ~ '^[0-9]{6}$'
                      WHEN 'township' THEN area_code ~ '^[0-9]{9}$' ELSE area_code ~ '^[0-9]{12}$' END)
);
CREATE INDEX proxy_agent_area ON proxy_agent (level, area_code);

-- 首办代理员: the agent who takes a petition matter on for the citizen (one per matter), and the
-- citizen's satisfaction at the end (answered once, later: an UPDATE).
CREATE TABLE proxy_assignment (
    incident_id bigint PRIMARY KEY REFERENCES incident (id),
    agent_id bigint NOT NULL REFERENCES proxy_agent (id),
    taken_at timestamptz NOT NULL,
    satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    rated_at timestamptz,
    operator text DEFAULT gridgov_operator(),
    CHECK ((satisfaction IS NULL) = (rated_at IS NULL))
);
CREATE INDEX proxy_assignment_agent ON proxy_assignment (agent_id);

-- 呼叫—响应: an agent calls the level above (maybe a named agent of it) for help on a matter; the call is
-- due due_hours after it was made (24 by default); the response (when, by which agent, a note) is
-- written once, later (an UPDATE). Late: answered after due_at, or unanswered past it.
CREATE TABLE proxy_call (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    from_agent_id bigint NOT NULL REFERENCES proxy_agent (id),
    to_level text NOT NULL CHECK (to_level IN ('city', 'county', 'township')),
    to_area_code text NOT NULL,
    to_agent_id bigint REFERENCES proxy_agent (id),
    called_at timestamptz NOT NULL,
    due_hours numeric(6, 2) NOT NULL CHECK (due_hours > 0),
    due_at timestamptz NOT NULL,
    reason text NOT NULL CHECK (reason <> ''),
    responded_at timestamptz,
    responded_by_agent_id bigint REFERENCES proxy_agent (id),
    response_note text,
    operator text DEFAULT gridgov_operator(),
    CHECK ((responded_at IS NULL) = (responded_by_agent_id IS NULL))
);
CREATE INDEX proxy_call_incident ON proxy_call (incident_id);
CREATE INDEX proxy_call_due ON proxy_call (due_at) WHERE responded_at IS NULL;

-- 领导接访下访日: the themes of the year's months (May housing with 住建局 and 人社局, June school places
-- with 教体局, October heating with 住建局; editable), and the calendar as dates: a recurring fixed day
-- (the 15th of each month) is generated into rows, so each day can be moved or named on its own and the
-- matters brought attach to a real date. A day's theme and departments: its own, else its month's.
CREATE TABLE reception_theme (
    month integer PRIMARY KEY CHECK (month BETWEEN 1 AND 12),
    theme text NOT NULL CHECK (theme <> ''),
    departments text[] NOT NULL DEFAULT '{}'
);
INSERT INTO reception_theme (month, theme, departments) VALUES
    (5, '住房保障', '{住建局,人社局}'), (6, '入学学位', '{教体局}'), (10, '供暖', '{住建局}');

CREATE TABLE reception_day (
    id bigserial PRIMARY KEY,
    held_on date NOT NULL,
    kind text NOT NULL DEFAULT 'reception' CHECK (kind IN ('reception', 'visit')),   -- 接访, 下访
    leader_name text NOT NULL CHECK (leader_name <> ''),
    leader_post text,
    place text NOT NULL CHECK (place <> ''),
    theme text,
    departments text[] NOT NULL DEFAULT '{}',
    recurrence text,                                   -- 'monthly:15' when generated from a fixed day
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator(),
    UNIQUE (held_on, leader_name)
);
CREATE INDEX reception_day_held_on ON reception_day (held_on);

-- The matters brought to a reception day and their outcome (written once, later: an UPDATE).
CREATE TABLE reception_matter (
    reception_day_id bigint NOT NULL REFERENCES reception_day (id),
    incident_id bigint NOT NULL REFERENCES incident (id),
    outcome text CHECK (outcome IN ('resolved_on_the_spot', 'assigned', 'explained', 'referred')),
    outcome_note text,
    operator text DEFAULT gridgov_operator(),
    PRIMARY KEY (reception_day_id, incident_id)
);

-- 人民建议征集: topic campaigns (专题征集) and suggestions — a record of their own, not a case. The
-- submitter's name and phone are personal data, shown masked (grids/petitions/suggestions.py).
-- status: received → reviewed (worth studying, sent to a department) → adopted (采纳: the department and
-- what was done), or received/reviewed → not_adopted.
CREATE TABLE suggestion_campaign (
    id bigserial PRIMARY KEY,
    title text NOT NULL CHECK (title <> ''),
    starts_on date NOT NULL,
    ends_on date NOT NULL CHECK (ends_on >= starts_on),
    departments text[] NOT NULL DEFAULT '{}',
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
CREATE TABLE suggestion (
    id bigserial PRIMARY KEY,
    campaign_id bigint REFERENCES suggestion_campaign (id),
    body text NOT NULL CHECK (body <> ''),
    submitter_name text,
    submitter_phone text,
    received_at timestamptz NOT NULL,
    cell_code text,
    status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'reviewed', 'adopted', 'not_adopted')),
    reviewed_at timestamptz,
    review_note text,
    department text,
    adopted_at timestamptz,
    action_taken text,
    operator text DEFAULT gridgov_operator(),
    CHECK ((status = 'adopted') = (adopted_at IS NOT NULL AND action_taken IS NOT NULL AND department IS NOT NULL))
);
CREATE INDEX suggestion_campaign_status ON suggestion (campaign_id, status);
CREATE INDEX suggestion_received ON suggestion (received_at);

-- The history of all of the above: one row per action (register, leader, consult, close_off, list_issue,
-- add_agent, take, rate, call, respond, add_day, bring, outcome, campaign, suggest, review, adopt,
-- reject), append-only.
CREATE TABLE petition_work_event (
    id bigserial PRIMARY KEY,
    subject text NOT NULL CHECK (subject IN ('backlog', 'major_issue', 'proxy_agent', 'proxy_assignment',
                                             'proxy_call', 'reception_day', 'campaign', 'suggestion')),
    subject_id bigint NOT NULL,
    action text NOT NULL,
    incident_id bigint REFERENCES incident (id),
    by_person_id bigint REFERENCES person (id),
    at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    note text,
    details jsonb NOT NULL DEFAULT '{}',
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX petition_work_event_subject ON petition_work_event (subject, subject_id);
CREATE INDEX petition_work_event_at ON petition_work_event USING brin (at);
CREATE FUNCTION petition_work_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the petition work history is append-only: % of petition_work_event % refused', TG_OP, OLD.id;
END $$;
CREATE TRIGGER petition_work_event_no_update_or_delete BEFORE UPDATE OR DELETE ON petition_work_event
    FOR EACH ROW EXECUTE FUNCTION petition_work_event_append_only();

-- Least privilege: the history is append-only; consultations and the links of major issues are records,
-- never rewritten; registers, assignments, calls, reception matters and suggestions are answered later
-- (an UPDATE: closing-off, satisfaction, response, outcome, review) but never deleted.
REVOKE UPDATE, DELETE ON petition_work_event, backlog_consultation, major_issue_matter FROM gridgov_app;
REVOKE DELETE ON backlog_matter, major_issue, proxy_agent, proxy_assignment, proxy_call, reception_day,
    reception_matter, suggestion_campaign, suggestion FROM gridgov_app;
