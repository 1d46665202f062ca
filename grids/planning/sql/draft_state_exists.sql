-- Whether draft %(generation)s has its revision row yet.
SELECT 1 FROM draft_state WHERE generation_id = %(generation)s
