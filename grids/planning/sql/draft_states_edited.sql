-- The districts (or only %(district)s) planners have edited in draft %(generation)s, with revision and status.
SELECT district_code, revision, status FROM draft_state
WHERE generation_id = %(generation)s AND revision > 0
  AND (%(district)s::text IS NULL OR district_code = %(district)s)
ORDER BY district_code
