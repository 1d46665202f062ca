-- The id of the incident a ticket number was just written under.
SELECT id FROM incident WHERE channel = %(channel)s AND source_ref = %(ref)s
