-- Lock district %(district)s's state row of the draft for one change (NOWAIT: a second session is told at
-- once, not queued).
SELECT s.generation_id AS generation, s.district_code AS district, s.revision, s.status, s.saved_by,
       a.username AS saved_by_username, s.submitted_by, s.submitted_at, s.approved_by
FROM draft_state s
LEFT JOIN account a ON a.id = s.saved_by
WHERE s.generation_id = %(generation)s AND s.district_code = %(district)s
FOR UPDATE OF s NOWAIT
