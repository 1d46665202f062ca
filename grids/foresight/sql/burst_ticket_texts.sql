-- What the severity of a burst reads of its tickets %(ids)s: title and description (escalation words),
-- the risk of a dispute record beside the ticket (023), and its cells.
SELECT i.id, i.title, i.description, d.risk_level, i.district_code, i.street_code, i.community_code,
       i.grid_code, i.microgrid_code
FROM incident i
LEFT JOIN dispute d ON d.incident_id = i.id
WHERE i.id = ANY (%(ids)s)
