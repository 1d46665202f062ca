-- A new edit clears what could have been redone in draft %(generation)s.
DELETE FROM draft_edit WHERE generation_id = %(generation)s AND undone
