-- The review of suggestion %(id)s: reviewed (sent to %(department)s) or not_adopted, with a note.
UPDATE suggestion SET status = %(status)s, reviewed_at = %(reviewed_at)s, review_note = %(note)s,
                      department = coalesce(%(department)s, department)
WHERE id = %(id)s
