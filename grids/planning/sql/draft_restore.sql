-- Put one community's part of the draft back as a snapshot (draft_snapshot.sql) recorded it: rows
-- born in the draft since go, published rows are ended exactly as recorded, the born rows come back,
-- and so do the community's code changes and the addresses of its born micro-grids. Addresses of
-- codes no row carries any more go.
DROP TABLE IF EXISTS draft_subtree;
CREATE TEMP TABLE draft_subtree ON COMMIT DROP AS
WITH RECURSIVE subtree AS (
    SELECT code FROM cell WHERE parent_code = %(community)s AND level = 'grid'
    UNION
    SELECT c.code FROM cell c JOIN subtree s ON c.parent_code = s.code WHERE c.level = 'microgrid'
)
SELECT code FROM subtree;

DELETE FROM cell WHERE generation_low = %(draft)s AND code IN (SELECT code FROM draft_subtree);
UPDATE cell SET generation_high = NULL
 WHERE generation_high = %(draft)s - 1 AND code IN (SELECT code FROM draft_subtree);
UPDATE cell SET generation_high = %(draft)s - 1
 WHERE id IN (SELECT jsonb_array_elements_text(%(snapshot)s::jsonb -> 'ended')::bigint);

INSERT INTO cell (code, level, kind, name, parent_code, households, population, attributes, geom,
                  generation_low, generation_high)
SELECT code, level, kind, name, parent_code, households, population, attributes,
       ST_GeomFromEWKB(decode(geom, 'hex')), %(draft)s, NULL
FROM jsonb_to_recordset(%(snapshot)s::jsonb -> 'born') AS r(
    code text, level text, kind text, name text, parent_code text, households integer,
    population integer, attributes jsonb, geom text);

DELETE FROM code_change WHERE generation_id = %(draft)s AND community_code = %(community)s;
INSERT INTO code_change (generation_id, community_code, level, kind, old_code, new_code, change)
SELECT %(draft)s, %(community)s, level, kind, old_code, new_code, change
FROM jsonb_to_recordset(%(snapshot)s::jsonb -> 'code_changes') AS r(
    level text, kind text, old_code text, new_code text, change text);

INSERT INTO standard_address
SELECT * FROM jsonb_populate_recordset(NULL::standard_address, %(snapshot)s::jsonb -> 'addresses')
ON CONFLICT (cell_code) DO NOTHING;
DELETE FROM standard_address a
 WHERE a.cell_code IN (SELECT code FROM draft_subtree)
   AND NOT EXISTS (SELECT 1 FROM cell c WHERE c.code = a.cell_code);
