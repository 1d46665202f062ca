-- Suggestions (of campaign %(campaign_id)s, of %(status)s when given), newest first.
SELECT s.id, s.campaign_id, c.title AS campaign_title, s.body, s.submitter_name, s.submitter_phone,
       s.received_at, s.cell_code, s.status, s.reviewed_at, s.review_note, s.department, s.adopted_at,
       s.action_taken
FROM suggestion s
LEFT JOIN suggestion_campaign c ON c.id = s.campaign_id
WHERE (%(campaign_id)s::bigint IS NULL OR s.campaign_id = %(campaign_id)s)
  AND (%(status)s::text IS NULL OR s.status = %(status)s)
  AND (%(id)s::bigint IS NULL OR s.id = %(id)s)
ORDER BY s.received_at DESC, s.id DESC
LIMIT %(limit)s
