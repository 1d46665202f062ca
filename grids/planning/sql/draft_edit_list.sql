-- A draft's edits, oldest first, with who made them.
SELECT e.id, e.community_code, e.edit, e.revision, a.username AS by_username, e.at, e.reason, e.summary,
       e.undone
FROM draft_edit e
LEFT JOIN account a ON a.id = e.by_account_id
WHERE e.generation_id = %(generation)s
ORDER BY e.id
