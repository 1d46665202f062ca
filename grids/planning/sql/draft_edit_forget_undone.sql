-- A new edit in district %(district)s clears what could have been redone there in draft %(generation)s.
DELETE FROM draft_edit WHERE generation_id = %(generation)s AND starts_with(community_code, %(district)s) AND undone
