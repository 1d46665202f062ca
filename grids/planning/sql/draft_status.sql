-- District %(district)s's part of the draft, for its planners: revision, workflow status, who
-- saved/submitted/approved it, and whether there is an edit of the district to undo or redo.
WITH edits AS (
    SELECT undone FROM draft_edit
    WHERE generation_id = %(generation)s AND starts_with(community_code, %(district)s)
)
SELECT g.id AS generation, %(district)s AS district, coalesce(s.revision, 0) AS revision,
       coalesce(s.status, 'editing') AS status,
       saved.username AS saved_by, s.saved_at,
       submitted.username AS submitted_by, s.submitted_at,
       approved.username AS approved_by, s.approved_at,
       EXISTS (SELECT 1 FROM edits WHERE NOT undone) AS can_undo,
       EXISTS (SELECT 1 FROM edits WHERE undone) AS can_redo,
       (SELECT count(*) FROM edits WHERE NOT undone) AS edits
FROM generation g
LEFT JOIN draft_state s ON s.generation_id = g.id AND s.district_code = %(district)s
LEFT JOIN account saved ON saved.id = s.saved_by
LEFT JOIN account submitted ON submitted.id = s.submitted_by
LEFT JOIN account approved ON approved.id = s.approved_by
WHERE g.id = %(generation)s
