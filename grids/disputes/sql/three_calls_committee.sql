-- The mediation committee nearest the case's community (the community's, else its street's, else the
-- district's) and its least-loaded active mediator.
SELECT o.id AS org_id, m.id AS mediator_id, m.name AS mediator_name, m.phone AS mediator_phone
FROM mediation_org o
LEFT JOIN LATERAL (
    SELECT m.id, m.name, m.phone FROM mediator m
    WHERE m.org_id = o.id AND m.active
    ORDER BY (SELECT count(*) FROM dispute_mediator dm JOIN dispute d ON d.incident_id = dm.incident_id
              WHERE dm.mediator_id = m.id AND d.stage IN ('received', 'triaged', 'mediating')), m.id
    LIMIT 1) m ON true
WHERE o.kind = 'committee' AND o.active AND o.area_code IN (%(community)s, %(street)s, %(district)s)
ORDER BY length(o.area_code) DESC, o.id
LIMIT 1
