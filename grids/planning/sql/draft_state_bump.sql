-- One change of district %(district)s's part of the draft (NULL: every district's, as a boundary import
-- does): the next revision; a submission or approval no longer holds.
UPDATE draft_state
   SET revision = revision + 1, saved_by = %(by)s, saved_at = clock_timestamp(), status = 'editing',
       submitted_by = NULL, submitted_at = NULL, approved_by = NULL, approved_at = NULL
 WHERE generation_id = %(generation)s AND (%(district)s::text IS NULL OR district_code = %(district)s)
RETURNING revision
