-- The filter of every map query over incidents (composed into map_*.sql as {filters}, the incident
-- table named i there): the report
-- window [since, until), the account's subtree (scope: cell codes; an incident is inside when its finest
-- placed code starts with one of them, as codes nest; NULL: no restriction, for map_counts, whose caller
-- applies the scope to the grouped codes), an optional cell, category (a 大类 takes its 小类), channel,
-- status, dispute and bbox (minlon, minlat, maxlon, maxlat in EPSG:4326, taken as CGCS2000 as the map's output is:
-- gis/crs.py treats 4326 ⇄ 4490 as the identity, so a point drawn inside the box is found by it).
-- Status: a state, or 'open', 'overdue' (open, the clock running or suspended, past its deadline at now,
-- as kpi_stats.sql defines them) or 'overdue_or_supervised' (open, and past the deadline or under
-- supervision 督办: the command page's case layer). The CASE folds to a constant list when the query is
-- planned, so 'open' and its subsets are answered from the partial index incident_open (migration 009).
-- Dispute: only the cases with a dispute record (023) — 'any', or of one dispute type — and, with risk,
-- of that risk level: the command page's density, hot cells and heat then count disputes only.
reported_at >= %(since)s::timestamptz
AND reported_at < %(until)s::timestamptz
AND (%(scope)s::text[] IS NULL
     OR coalesce(microgrid_code, grid_code, community_code, street_code, district_code) ^@ ANY (%(scope)s::text[]))
AND (%(cell)s::text IS NULL
     OR coalesce(microgrid_code, grid_code, community_code, street_code, district_code) ^@ %(cell)s::text)
AND (%(cell_grid)s::text IS NULL OR grid_code = %(cell_grid)s::text)   -- a grid's cell: its index
AND (%(category)s::text IS NULL
     OR category_code IN (SELECT code FROM category WHERE code = %(category)s OR parent_code = %(category)s))
AND (%(channel)s::text IS NULL OR channel = %(channel)s)
AND (%(status)s::text IS NULL
     OR status = ANY (CASE %(status)s::text
                      WHEN 'open' THEN ARRAY['reported', 'accepted', 'dispatched', 'in_progress', 'handled',
                                             'rework', 'suspended', 'extended']
                      WHEN 'overdue' THEN ARRAY['dispatched', 'in_progress', 'rework', 'extended', 'suspended']
                      WHEN 'overdue_or_supervised' THEN ARRAY['reported', 'accepted', 'dispatched', 'in_progress',
                                                              'handled', 'rework', 'suspended', 'extended']
                      ELSE ARRAY[%(status)s::text] END)
        AND (%(status)s::text NOT IN ('overdue', 'overdue_or_supervised')
             OR deadline < coalesce(clock_paused_at, %(now)s::timestamptz)
             OR (%(status)s::text = 'overdue_or_supervised' AND supervised_at IS NOT NULL)))
AND (%(dispute)s::text IS NULL
     OR EXISTS (SELECT 1 FROM dispute d
                WHERE d.incident_id = i.id
                  AND (%(dispute)s::text = 'any' OR d.type_code = %(dispute)s::text)
                  AND (%(risk)s::text IS NULL OR d.risk_level = %(risk)s::text)))
AND (%(bbox)s::float8[] IS NULL
     OR ST_Intersects(geom, ST_MakeEnvelope((%(bbox)s::float8[])[1], (%(bbox)s::float8[])[2],
                                            (%(bbox)s::float8[])[3], (%(bbox)s::float8[])[4], 4490)))
