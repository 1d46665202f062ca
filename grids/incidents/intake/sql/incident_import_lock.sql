-- One incident import at a time (until its commit): two imports of one file would both take its new
-- tickets for new, and the second's COPY would fail on the ticket key. The second waits, then finds them
-- stored and adds nothing.
SELECT pg_advisory_xact_lock(hashtext('gridgov incident import'))
