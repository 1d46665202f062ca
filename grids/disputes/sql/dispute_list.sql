-- Disputes placed under %(within)s (a cell code prefix; NULL: all), of a stage and risk when asked, newest
-- first: the list the workbench and the map layer read (no personal data).
SELECT d.incident_id AS id, d.type_code, t.name AS type_name, d.stage, d.risk_level, d.source, d.received_at,
       d.people_involved, d.amount_involved, d.org_id, o.name AS org_name, d.post, d.joint, d.outcome,
       i.grid_code, i.community_code, i.street_code, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       (SELECT min(s.held_at) FROM dispute_session s
        WHERE s.incident_id = d.incident_id AND s.held_at >= %(now)s) AS next_session_at
FROM dispute d
JOIN incident i ON i.id = d.incident_id
JOIN dispute_type t ON t.code = d.type_code
LEFT JOIN mediation_org o ON o.id = d.org_id
WHERE (%(within)s::text IS NULL OR coalesce(i.grid_code, i.community_code, i.street_code, i.district_code)
                                   LIKE %(within)s || '%%')
  AND (%(stages)s::text[] IS NULL OR d.stage = ANY (%(stages)s))
  AND (%(risks)s::text[] IS NULL OR d.risk_level = ANY (%(risks)s))
  AND (%(mediator)s::bigint IS NULL
       OR EXISTS (SELECT 1 FROM dispute_mediator m WHERE m.incident_id = d.incident_id
                  AND m.mediator_id = %(mediator)s))
ORDER BY d.received_at DESC, d.incident_id DESC
LIMIT %(limit)s
