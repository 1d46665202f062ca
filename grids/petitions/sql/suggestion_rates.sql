-- Adoption (采纳率) of the suggestions received in [%(since)s, %(until)s) (NULL: unbounded) under cell
-- %(within)s (NULL: all, those without a cell included), per campaign (campaign_id NULL: outside any
-- campaign) and overall (is_total): received, adopted, adopted / received.
WITH counted AS (
    SELECT s.campaign_id, GROUPING(s.campaign_id) = 1 AS is_total, count(*) AS received,
           count(*) FILTER (WHERE s.status = 'adopted') AS adopted
    FROM suggestion s
    WHERE (%(since)s::timestamptz IS NULL OR s.received_at >= %(since)s)
      AND (%(until)s::timestamptz IS NULL OR s.received_at < %(until)s)
      AND (%(within)s::text IS NULL OR s.cell_code LIKE %(within)s || '%%')
    GROUP BY GROUPING SETS ((s.campaign_id), ())
)
SELECT n.campaign_id, c.title, n.received, n.adopted,
       round(n.adopted::numeric / nullif(n.received, 0), 4) AS adoption_rate, n.is_total
FROM counted n
LEFT JOIN suggestion_campaign c ON c.id = n.campaign_id AND NOT n.is_total
ORDER BY n.is_total, n.campaign_id NULLS LAST
