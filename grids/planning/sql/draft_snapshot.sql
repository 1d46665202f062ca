-- One community's part of the draft, as restorable JSON (grids/planning/history.py): the rows born in the
-- draft in full (geometry as hex EWKB), the ids of the published rows the draft ended, the community's
-- code changes, and the standard addresses of the micro-grids born in the draft. The subtree is every
-- version of the community's grids, their micro-grids and theirs.
WITH RECURSIVE subtree AS (
    SELECT code FROM cell WHERE parent_code = %(community)s AND level = 'grid'
    UNION
    SELECT c.code FROM cell c JOIN subtree s ON c.parent_code = s.code WHERE c.level = 'microgrid'
), rows AS (
    SELECT c.* FROM cell c WHERE c.code IN (SELECT code FROM subtree)
)
SELECT jsonb_build_object(
    'born', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                 'code', code, 'level', level, 'kind', kind, 'name', name, 'parent_code', parent_code,
                 'households', households, 'population', population, 'attributes', attributes,
                 'geom', encode(ST_AsEWKB(geom), 'hex')) ORDER BY code), '[]')
             FROM rows WHERE generation_low = %(draft)s),
    'ended', (SELECT coalesce(jsonb_agg(id ORDER BY id), '[]')
              FROM rows WHERE generation_high = %(draft)s - 1),
    'code_changes', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                         'level', level, 'kind', kind, 'old_code', old_code, 'new_code', new_code,
                         'change', change) ORDER BY id), '[]')
                     FROM code_change WHERE generation_id = %(draft)s AND community_code = %(community)s),
    'addresses', (SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.cell_code), '[]')
                  FROM standard_address a
                  WHERE a.cell_code IN (SELECT code FROM rows WHERE generation_low = %(draft)s))
)
