-- The register: entries of %(status)s (NULL: all) whose case lies under cell %(within)s (NULL: anywhere),
-- oldest registered first, with the days open and the consultations held.
SELECT b.id, b.incident_id, b.why, b.registered_at, b.leader_name, b.leader_post, b.status, b.closed_off_on,
       i.street_code, i.district_code, i.reported_at,
       (SELECT count(*) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS consultations,
       (SELECT max(c.held_on) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS last_consulted_on
FROM backlog_matter b
JOIN incident i ON i.id = b.incident_id
WHERE (%(status)s::text IS NULL OR b.status = %(status)s)
  AND (%(within)s::text IS NULL OR i.community_code LIKE %(within)s || '%%' OR i.street_code LIKE %(within)s || '%%'
       OR i.district_code LIKE %(within)s || '%%')
ORDER BY b.registered_at, b.id
LIMIT %(limit)s
