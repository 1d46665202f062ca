-- Placement at the finest level a store has (issue 19): a city that has loaded only its districts or
-- streets places incidents there, so a placed incident may have no community and no grid. A placed
-- incident has a cell at some level; an unplaced one has no community and no grid (it may keep the
-- street or district it is known to be in, for that street's review queue).
DO $$
DECLARE
    found text;
BEGIN
    SELECT conname INTO found FROM pg_constraint
    WHERE conrelid = 'incident'::regclass AND contype = 'c'
      AND pg_get_constraintdef(oid) LIKE '%placement_method IS NULL%grid_code IS NULL%';
    IF found IS NOT NULL THEN
        EXECUTE format('ALTER TABLE incident DROP CONSTRAINT %I', found);
    END IF;
END
$$;
ALTER TABLE incident ADD CONSTRAINT incident_placed_has_a_cell CHECK (
    CASE WHEN placement_method IS NULL THEN grid_code IS NULL AND community_code IS NULL
         ELSE coalesce(grid_code, community_code, street_code, district_code) IS NOT NULL END);
