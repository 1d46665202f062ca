-- The chain's counts per {key} (a placement column of incident i, d.org_id or dm.mediator_id) over the
-- disputes received in [%(since)s, %(until)s), as they stand now. Formulas: docs/kpis.md (Disputes).
SELECT {key} AS key,
       count(*) AS received,
       count(*) FILTER (WHERE d.source = 'screening') AS screened,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dispute_session s WHERE s.incident_id = d.incident_id
                                                                       AND s.held_at <= %(now)s)) AS mediated,
       count(*) FILTER (WHERE d.stage IN ('agreed', 'resolved')) AS resolved,
       count(*) FILTER (WHERE d.outcome IS NOT NULL) AS outcomes,
       count(*) FILTER (WHERE d.outcome = 'success') AS successes,
       count(*) FILTER (WHERE d.stage = 'handed_over' AND (
           SELECT h.target FROM dispute_handover h WHERE h.incident_id = d.incident_id
           ORDER BY h.handed_at DESC, h.id DESC LIMIT 1) IN ('court', 'labour_arbitration')) AS to_court,
       (SELECT count(*) FROM dispute_agreement a WHERE a.incident_id = ANY (array_agg(d.incident_id))
                                                   AND a.performance IS NOT NULL) AS followed_up,
       (SELECT count(*) FROM dispute_agreement a WHERE a.incident_id = ANY (array_agg(d.incident_id))
                                                   AND a.performance = 'performed') AS performed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.resolved_at - d.received_at) / 86400)
           FILTER (WHERE d.stage IN ('agreed', 'resolved')) AS median_days_to_resolve,
       count(*) FILTER (WHERE d.stage IN ('received', 'triaged', 'mediating')) AS open,
       count(*) FILTER (WHERE d.risk_level = 'red') AS risk_red,
       count(*) FILTER (WHERE d.risk_level = 'orange') AS risk_orange,
       count(*) FILTER (WHERE d.risk_level = 'yellow') AS risk_yellow,
       count(*) FILTER (WHERE d.risk_level = 'blue') AS risk_blue
FROM dispute d
JOIN incident i ON i.id = d.incident_id
{join}
WHERE (%(since)s::timestamptz IS NULL OR d.received_at >= %(since)s)
  AND (%(until)s::timestamptz IS NULL OR d.received_at < %(until)s)
GROUP BY {key}
