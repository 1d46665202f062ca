-- Planning: planners edit the draft generation, submit it, have it approved and publish it.
--
-- draft_state is the draft's revision (optimistic concurrency: every edit names the revision it was
-- made on), who saved last, and where it stands in the workflow (editing → submitted → approved →
-- published). draft_edit is the undo/redo stack: each edit keeps the community's draft rows before
-- and after it (grids/draft_history.py). code_change is the draft's net change log of codes, from the
-- codes of the generation it was opened on to the draft's codes. These three go with the generation
-- when a draft is discarded (ON DELETE CASCADE); planning_log does not: it records every step,
-- discards included, and outlives them. notification tells people (grid members) what a publication
-- did to their grids and cases.

CREATE TABLE draft_state (
    generation_id integer PRIMARY KEY REFERENCES generation (id) ON DELETE CASCADE,
    revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
    status text NOT NULL DEFAULT 'editing' CHECK (status IN ('editing', 'submitted', 'approved', 'published')),
    saved_by bigint REFERENCES account (id) ON DELETE SET NULL,
    saved_at timestamptz,
    submitted_by bigint REFERENCES account (id) ON DELETE SET NULL,
    submitted_at timestamptz,
    approved_by bigint REFERENCES account (id) ON DELETE SET NULL,
    approved_at timestamptz,
    published_by bigint REFERENCES account (id) ON DELETE SET NULL
);

CREATE TABLE draft_edit (
    id bigserial PRIMARY KEY,
    generation_id integer NOT NULL REFERENCES generation (id) ON DELETE CASCADE,
    community_code text NOT NULL,
    edit text NOT NULL,                    -- replace, reshape, split, merge, move_buildings, …
    revision integer NOT NULL,             -- the draft's revision the edit produced
    by_account_id bigint REFERENCES account (id) ON DELETE SET NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    reason text,
    summary jsonb NOT NULL DEFAULT '{}',
    undone boolean NOT NULL DEFAULT false,
    before jsonb NOT NULL,                 -- the community's draft rows before the edit
    after jsonb NOT NULL                   -- … and after it
);
CREATE INDEX draft_edit_generation ON draft_edit (generation_id, id);

CREATE TABLE code_change (
    id bigserial PRIMARY KEY,
    generation_id integer NOT NULL REFERENCES generation (id) ON DELETE CASCADE,
    community_code text NOT NULL,
    level text NOT NULL CHECK (level IN ('grid', 'microgrid')),
    kind text NOT NULL,
    old_code text,                         -- NULL: a cell the generation created
    new_code text,                         -- NULL: a cell the generation removed
    change text NOT NULL,                  -- the edit that made it: split, merge, reshape, moved, …
    CHECK (old_code IS NOT NULL OR new_code IS NOT NULL)
);
CREATE INDEX code_change_generation ON code_change (generation_id, community_code);
CREATE INDEX code_change_old_code ON code_change (old_code);

-- No foreign keys: the log keeps the steps of discarded drafts and of deleted accounts.
CREATE TABLE planning_log (
    id bigserial PRIMARY KEY,
    generation_id integer NOT NULL,
    action text NOT NULL CHECK (action IN ('edit', 'undo', 'redo', 'submit', 'approve', 'publish', 'discard')),
    by_account_id bigint,
    by_username text,
    at timestamptz NOT NULL DEFAULT clock_timestamp(),
    revision integer,
    details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX planning_log_generation ON planning_log (generation_id, id);

CREATE TABLE notification (
    id bigserial PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind text NOT NULL,                    -- case_redispatched, case_moved_away, grid_changed, grid_lost
    message text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    read_at timestamptz
);
CREATE INDEX notification_person ON notification (person_id, id DESC);
