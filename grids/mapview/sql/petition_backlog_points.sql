-- The open entries of the backlog register (backlog_matter, 027) whose case lies under %(within)s (NULL:
-- all) and has a point, oldest first, with the owning leader and the consultations held; no petitioner.
SELECT b.id, b.incident_id, i.source_ref, coalesce(cat.name, i.category_text) AS category, b.leader_name,
       b.leader_post, b.why, b.registered_at,
       (SELECT count(*) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS consultations,
       (SELECT max(c.held_on) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS last_consulted_on,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM backlog_matter b
JOIN incident i ON i.id = b.incident_id
LEFT JOIN category cat ON cat.code = i.category_code
WHERE b.status = 'open' AND i.geom IS NOT NULL
  AND (%(within)s::text IS NULL
       OR coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code, i.district_code) ^@ %(within)s::text)
ORDER BY b.registered_at, b.id
LIMIT %(limit)s
