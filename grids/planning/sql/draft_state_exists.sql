-- Whether draft %(generation)s has district %(district)s's revision row yet.
SELECT 1 FROM draft_state WHERE generation_id = %(generation)s AND district_code = %(district)s
