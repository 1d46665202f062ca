-- The organisations (under %(within)s: an area or cell code prefix; NULL: all) with their point, their
-- mediators and their load: the disputes sent to them still being mediated (received, triaged, mediating)
-- and by risk level.
SELECT o.id, o.code, o.name, o.kind, o.level, o.trade, o.area_code, o.cell_code, o.address, o.active,
       ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
       (SELECT count(*) FROM mediator m WHERE m.org_id = o.id AND m.active) AS mediators,
       count(d.incident_id) AS open_disputes,
       count(d.incident_id) FILTER (WHERE d.risk_level = 'red') AS open_red,
       count(d.incident_id) FILTER (WHERE d.risk_level = 'orange') AS open_orange
FROM mediation_org o
LEFT JOIN dispute d ON d.org_id = o.id AND d.stage IN ('received', 'triaged', 'mediating')
WHERE %(within)s::text IS NULL OR o.area_code LIKE %(within)s || '%%' OR o.cell_code LIKE %(within)s || '%%'
GROUP BY o.id
ORDER BY o.kind, o.area_code, o.name
