-- Who made the edits of district %(district)s the draft holds (undone ones are not in it): none of them may approve it.
SELECT DISTINCT a.id, a.username
FROM draft_edit e
JOIN account a ON a.id = e.by_account_id
WHERE e.generation_id = %(generation)s AND starts_with(e.community_code, %(district)s) AND NOT e.undone
ORDER BY a.username;
