-- The matter of case %(id)s with its case's placement, locked for one step.
SELECT m.*, i.channel, i.source_ref, i.category_code, i.grid_code, i.community_code, i.street_code, i.district_code
FROM petition_matter m
JOIN incident i ON i.id = m.incident_id
WHERE m.incident_id = %(id)s
FOR UPDATE OF m
