-- Lock the draft's state row for one change (NOWAIT: a second session is told at once, not queued).
SELECT s.generation_id AS generation, s.revision, s.status, s.saved_by, a.username AS saved_by_username,
       s.submitted_by, s.submitted_at, s.approved_by
FROM draft_state s
LEFT JOIN account a ON a.id = s.saved_by
WHERE s.generation_id = %(generation)s
FOR UPDATE OF s NOWAIT
