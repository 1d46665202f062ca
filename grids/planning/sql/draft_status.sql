-- The draft's state for planners: revision, workflow status, who saved/submitted/approved it, and
-- whether there is an edit to undo or redo.
SELECT g.id AS generation, coalesce(s.revision, 0) AS revision, coalesce(s.status, 'editing') AS status,
       saved.username AS saved_by, s.saved_at,
       submitted.username AS submitted_by, s.submitted_at,
       approved.username AS approved_by, s.approved_at,
       EXISTS (SELECT 1 FROM draft_edit e WHERE e.generation_id = g.id AND NOT e.undone) AS can_undo,
       EXISTS (SELECT 1 FROM draft_edit e WHERE e.generation_id = g.id AND e.undone) AS can_redo,
       (SELECT count(*) FROM draft_edit e WHERE e.generation_id = g.id AND NOT e.undone) AS edits
FROM generation g
LEFT JOIN draft_state s ON s.generation_id = g.id
LEFT JOIN account saved ON saved.id = s.saved_by
LEFT JOIN account submitted ON submitted.id = s.submitted_by
LEFT JOIN account approved ON approved.id = s.approved_by
WHERE g.id = %(generation)s
