-- 采纳 of suggestion %(id)s: the department and what it did.
UPDATE suggestion SET status = 'adopted', adopted_at = %(adopted_at)s, department = %(department)s,
                      action_taken = %(action_taken)s
WHERE id = %(id)s AND status = 'reviewed'
