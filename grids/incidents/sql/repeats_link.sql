-- Link incidents not yet examined (and reported by now) to the earliest earlier incident of the same
-- category within %(distance_m)s metres that is still open or was reported within %(days)s days
-- before it, whatever its channel; rejected and void reports are no problem to repeat. Every examined
-- incident is marked, so a second run finds nothing to do; a linked one gets a history event.
-- The bounding-box test (degrees, widened for the latitude, 1 %% spare) lets the GiST index on geom
-- find the candidates; ST_DWithin on geography then measures metres on the ellipsoid.
WITH fresh AS (
    SELECT id, category_code, reported_at, geom, status, case_version
    FROM incident
    WHERE NOT repeat_checked AND reported_at <= %(now)s
    FOR UPDATE SKIP LOCKED
), matched AS (
    SELECT f.id,
           (SELECT o.id FROM incident o
            WHERE o.category_code = f.category_code
              AND (o.reported_at, o.id) < (f.reported_at, f.id)
              AND o.status NOT IN ('rejected', 'void')
              AND (o.reported_at >= f.reported_at - make_interval(days => %(days)s)
                   OR o.status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'rework',
                                   'suspended', 'extended'))
              AND o.geom && ST_Expand(f.geom, 1.01 * %(distance_m)s / (111320 * cos(radians(ST_Y(f.geom)))))
              AND ST_DWithin(o.geom::geography, f.geom::geography, %(distance_m)s)
            ORDER BY o.reported_at, o.id
            LIMIT 1) AS repeat_of
    FROM fresh f
    WHERE f.geom IS NOT NULL AND f.category_code IS NOT NULL
), marked AS (
    UPDATE incident i
    SET repeat_checked = true, repeat_of = m.repeat_of,
        case_version = i.case_version + (m.repeat_of IS NOT NULL)::int
    FROM fresh f LEFT JOIN matched m ON m.id = f.id
    WHERE i.id = f.id
    RETURNING i.id, i.repeat_of, i.status, i.case_version
)
INSERT INTO case_event (incident_id, version, action, from_state, to_state, at, details)
SELECT id, case_version, 'link_repeat', status, status, %(now)s, jsonb_build_object('repeat_of', repeat_of)
FROM marked
WHERE repeat_of IS NOT NULL
RETURNING incident_id, (details ->> 'repeat_of')::bigint AS repeat_of
