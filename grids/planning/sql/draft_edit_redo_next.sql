-- The edit of district %(district)s redo makes again: its oldest undone one, with the state after it.
SELECT id, edit, community_code, after AS state
FROM draft_edit
WHERE generation_id = %(generation)s AND starts_with(community_code, %(district)s) AND undone
ORDER BY id
LIMIT 1
