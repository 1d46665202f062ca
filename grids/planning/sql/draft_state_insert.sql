-- The revision row of draft %(generation)s (revision 0), unless a concurrent session made it.
INSERT INTO draft_state (generation_id) VALUES (%(generation)s) ON CONFLICT DO NOTHING
