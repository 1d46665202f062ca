-- The edit of district %(district)s undo takes back: its newest one not undone, with the state before it.
SELECT id, edit, community_code, before AS state
FROM draft_edit
WHERE generation_id = %(generation)s AND starts_with(community_code, %(district)s) AND NOT undone
ORDER BY id DESC
LIMIT 1
