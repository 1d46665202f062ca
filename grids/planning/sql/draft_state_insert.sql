-- District %(district)s's revision row of draft %(generation)s (revision 0), unless a concurrent session made it.
INSERT INTO draft_state (generation_id, district_code) VALUES (%(generation)s, %(district)s) ON CONFLICT DO NOTHING
