-- The edit redo makes again: the oldest undone one, with the state after it.
SELECT id, edit, community_code, after AS state
FROM draft_edit
WHERE generation_id = %(generation)s AND undone
ORDER BY id
LIMIT 1
