-- A city store (issue 20): the 市 level above the districts, and districts planned and published on
-- their own.
--
-- A city cell has a 6-digit GB/T 2260 code ending in 00 (510100 成都市); its districts are the 6-digit
-- codes that share its first four digits. A store without a city cell is one district, as before.
--
-- The draft generation stays one (at most one draft at a time), but its planning workflow is kept per
-- district: a district's planners have their own revision, submission and approval (draft_state keyed by
-- generation and district), undo their own edits, and publish their district alone — the other
-- districts' work stays in the draft (grids/cells/generations.py publish_district).
DO $$
DECLARE name text;
BEGIN
    FOR name IN SELECT conname FROM pg_constraint
                WHERE conrelid = 'cell'::regclass AND contype = 'c'
                  AND pg_get_constraintdef(oid) LIKE '%level%'
    LOOP
        EXECUTE format('ALTER TABLE cell DROP CONSTRAINT %I', name);
    END LOOP;
END $$;
ALTER TABLE cell ADD CONSTRAINT cell_level_check
    CHECK (level IN ('city', 'district', 'street', 'community', 'grid', 'microgrid'));
ALTER TABLE cell ADD CONSTRAINT cell_level_kind_check CHECK (
    (level IN ('city', 'district', 'street', 'community') AND kind IS NULL)
    OR (level = 'grid' AND kind IN ('basic', 'dedicated'))
    OR (level = 'microgrid' AND kind IN ('building', 'stairwell'))
);

ALTER TABLE draft_state ADD COLUMN district_code text NOT NULL DEFAULT '';
ALTER TABLE draft_state DROP CONSTRAINT draft_state_pkey;
ALTER TABLE draft_state ADD PRIMARY KEY (generation_id, district_code);
ALTER TABLE draft_state ALTER COLUMN district_code DROP DEFAULT;
COMMENT ON COLUMN draft_state.district_code IS
    'The district whose planners this workflow state belongs to (6 digits; a cell''s district is the first six of its code).';

CREATE VIEW qgis_cities AS SELECT * FROM qgis_cells WHERE level = 'city';
COMMENT ON VIEW qgis_cities IS '市 of the current generation; key: code (6 digits ending in 00).';
GRANT SELECT ON qgis_cities TO gridgov_reader;
