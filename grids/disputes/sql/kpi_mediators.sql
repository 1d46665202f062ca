-- Every mediator with the chain's counts of the disputes sent to them ({stats} by dm.mediator_id) and their
-- load now (disputes still being mediated, whenever received).
SELECT m.id, m.code, m.name, m.org_id, s.*,
       (SELECT count(*) FROM dispute_mediator x JOIN dispute y ON y.incident_id = x.incident_id
        WHERE x.mediator_id = m.id AND y.stage IN ('received', 'triaged', 'mediating')) AS load
FROM mediator m
LEFT JOIN ({stats}) s ON s.key = m.id
ORDER BY m.org_id, m.id
