-- The agreement of dispute %(id)s waiting for its follow-up, locked.
SELECT id, deadline, signed_at FROM dispute_agreement
WHERE incident_id = %(id)s AND performance IS NULL
ORDER BY signed_at DESC, id DESC LIMIT 1
FOR UPDATE
