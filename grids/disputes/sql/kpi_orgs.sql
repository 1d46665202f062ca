-- Every mediation organisation with the chain's counts of the disputes sent to it ({stats} by d.org_id) and its
-- load now (disputes still being mediated, whenever received).
SELECT o.id, o.code, o.name, o.kind, o.area_code, s.*,
       (SELECT count(*) FROM dispute x WHERE x.org_id = o.id
                                          AND x.stage IN ('received', 'triaged', 'mediating')) AS load
FROM mediation_org o
LEFT JOIN ({stats}) s ON s.key = o.id
ORDER BY o.kind, o.area_code, o.id
