-- Edit %(id)s undone (true) or redone (false).
UPDATE draft_edit SET undone = %(undone)s WHERE id = %(id)s
