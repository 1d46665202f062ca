-- The edit undo takes back: the newest one not undone, with the state before it.
SELECT id, edit, community_code, before AS state
FROM draft_edit
WHERE generation_id = %(generation)s AND NOT undone
ORDER BY id DESC
LIMIT 1
