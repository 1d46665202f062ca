-- The staff workbench (issue 14): department accounts, co-handling, returns, direct answers,
-- 吹哨报到 and the responsibility list (权责清单).

-- A department's staff sign in too: the account names the department (a person of role department)
-- and sees the cases that department handles, co-handles or was whistled to.
ALTER TABLE account DROP CONSTRAINT account_role_check;
ALTER TABLE account ADD CONSTRAINT account_role_check CHECK (role IN (
    'command_staff', 'street_staff', 'community_staff', 'grid_member', 'department', 'planner', 'admin'));
ALTER TABLE account ADD CONSTRAINT account_department_person CHECK (role <> 'department' OR person_id IS NOT NULL);

-- Case columns the new actions set (through grids.cases.loop.act, like every other case column):
--   co_handler_ids  the 协办 departments of a dispatch (the lead, 主办, is handler_person_id)
--   return_count    how often a handler sent the case back (退回); above a limit it is 循环交办
--   returned_at     set by 退回 and cleared by the next dispatch: the case waits in the 退回 tab
--   direct_answer   answered at intake and closed at acceptance (直接解答)
ALTER TABLE incident
    ADD COLUMN co_handler_ids bigint[] NOT NULL DEFAULT '{}',
    ADD COLUMN return_count integer NOT NULL DEFAULT 0,
    ADD COLUMN returned_at timestamptz,
    ADD COLUMN direct_answer boolean NOT NULL DEFAULT false;
CREATE INDEX incident_co_handlers ON incident USING gin (co_handler_ids)
    WHERE co_handler_ids <> '{}';

-- 吹哨报到: a grid or community calls named departments to a case; each must report in (报到) by
-- due_at. Lateness is answered_at > due_at, or no answer when due_at has passed. The whistle and the
-- answer are also case_event rows; this table is what the workbench counts.
CREATE TABLE case_whistle (
    id bigserial PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incident (id),
    department_person_id bigint NOT NULL REFERENCES person (id),
    whistled_by bigint REFERENCES person (id),
    whistled_at timestamptz NOT NULL,
    due_at timestamptz NOT NULL CHECK (due_at > whistled_at),
    answered_at timestamptz,
    answered_by bigint REFERENCES person (id),
    answer_note text,
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX case_whistle_incident ON case_whistle (incident_id);
CREATE INDEX case_whistle_department_open ON case_whistle (department_person_id) WHERE answered_at IS NULL;
REVOKE DELETE ON case_whistle FROM gridgov_app;

-- The responsibility list (权责清单): which department handles a category, the matter in words and
-- its legal basis. Dispatch "to the department" reads it first (the category, else its parent), then
-- the categories assigned to departments in the people file.
CREATE TABLE responsibility (
    category_code text PRIMARY KEY REFERENCES category (code),
    department_person_id bigint NOT NULL REFERENCES person (id),
    matter text,
    basis text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    operator text DEFAULT gridgov_operator()
);
