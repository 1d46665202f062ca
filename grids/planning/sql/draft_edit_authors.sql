-- Who made the edits the draft holds (undone ones are not in it): none of them may approve it.
SELECT DISTINCT a.id, a.username
FROM draft_edit e
JOIN account a ON a.id = e.by_account_id
WHERE e.generation_id = %(generation)s AND NOT e.undone
ORDER BY a.username;
