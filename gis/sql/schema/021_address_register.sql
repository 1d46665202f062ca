-- The address register from a district's own files (issue 15): the register's own address code, who wrote
-- each line last, the lines an import replaced (append-only), the record of each import, and the
-- gazetteer of place names (markets, schools, parks, compounds' other names) the address matcher reads.
ALTER TABLE standard_address
    ADD COLUMN address_code text,             -- the register's own code (地址编码), when the file has one
    ADD COLUMN updated_at timestamptz,
    ADD COLUMN updated_by text;

-- One row per import of a register or gazetteer file: what it read, wrote, replaced and skipped.
CREATE TABLE address_import (
    id bigserial PRIMARY KEY,
    what text NOT NULL CHECK (what IN ('addresses', 'places')),
    source text NOT NULL,
    summary jsonb NOT NULL,
    operator text DEFAULT gridgov_operator(),
    imported_at timestamptz NOT NULL DEFAULT now()
);
REVOKE UPDATE, DELETE ON address_import FROM gridgov_app;

-- A register line as it was before an import changed it: nothing a register held is lost.
CREATE TABLE standard_address_history (
    id bigserial PRIMARY KEY,
    cell_code text NOT NULL,
    compound text,
    road text,
    door_number text,
    building_number text,
    unit text,
    full_address text NOT NULL,
    address_code text,
    valid_until timestamptz NOT NULL DEFAULT now(),
    replaced_by bigint REFERENCES address_import (id),
    operator text DEFAULT gridgov_operator()
);
CREATE INDEX standard_address_history_cell ON standard_address_history (cell_code, valid_until);
REVOKE UPDATE, DELETE ON standard_address_history FROM gridgov_app;

-- The gazetteer (地名库): a place's name and what it means — a cell (a market's dedicated grid, a school's
-- building) or, for a compound's other name (别名), the register's compound name. A name is current
-- until a later import retires it; retired names stay for the record.
CREATE TABLE place_name (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    kind text NOT NULL,                        -- 市场, 学校, 公园, 医院, 小区别名 …, as the file says
    cell_code text,
    compound text,
    import_id bigint REFERENCES address_import (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz,
    CHECK ((cell_code IS NULL) <> (compound IS NULL))
);
CREATE UNIQUE INDEX place_name_current ON place_name (name) WHERE retired_at IS NULL;
