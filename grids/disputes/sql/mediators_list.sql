-- The mediators (of organisation %(org)s; NULL: all) with their load: disputes still being mediated.
SELECT m.id, m.code, m.name, m.org_id, o.name AS org_name, m.person_id, m.specialties, m.active,
       count(d.incident_id) AS open_disputes
FROM mediator m
JOIN mediation_org o ON o.id = m.org_id
LEFT JOIN dispute_mediator dm ON dm.mediator_id = m.id
LEFT JOIN dispute d ON d.incident_id = dm.incident_id AND d.stage IN ('received', 'triaged', 'mediating')
WHERE %(org)s::bigint IS NULL OR m.org_id = %(org)s
GROUP BY m.id, o.name
ORDER BY m.org_id, m.name
