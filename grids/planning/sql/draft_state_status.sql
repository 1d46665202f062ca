-- Move district %(district)s's part of the draft to a workflow status, recording who took the step (and when: submission, approval).
UPDATE draft_state
   SET status = %(status)s,
       submitted_by = CASE WHEN %(status)s = 'submitted' THEN %(by)s ELSE submitted_by END,
       submitted_at = CASE WHEN %(status)s = 'submitted' THEN clock_timestamp() ELSE submitted_at END,
       approved_by = CASE WHEN %(status)s = 'approved' THEN %(by)s ELSE approved_by END,
       approved_at = CASE WHEN %(status)s = 'approved' THEN clock_timestamp() ELSE approved_at END,
       published_by = CASE WHEN %(status)s = 'published' THEN %(by)s ELSE published_by END
 WHERE generation_id = %(generation)s AND district_code = %(district)s
