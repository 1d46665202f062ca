-- Accounts of the web app: who may sign in, with which role, over which part of the cell tree.
-- scope_code is the root of the account's subtree (a street's or community's code; the district's
-- for command staff, planners and administrators); a grid member's subtree is their person's grids
-- (person_cell), so their scope follows reassignment without touching the account.
-- password_hash is werkzeug's "method$salt$hash" (scrypt by default): never the password itself.
CREATE TABLE account (
    id bigserial PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{2,64}$'),
    password_hash text NOT NULL CHECK (password_hash LIKE '%$%$%'),
    role text NOT NULL CHECK (role IN (
        'command_staff', 'street_staff', 'community_staff', 'grid_member', 'planner', 'admin')),
    scope_code text,
    person_id bigint REFERENCES person (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (role = 'grid_member' OR scope_code IS NOT NULL),
    CHECK (role <> 'grid_member' OR person_id IS NOT NULL)
);
