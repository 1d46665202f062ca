-- Whether draft %(draft)s holds work outside district %(district)s: rows it made or ended there, or
-- another district's planners' state.
SELECT EXISTS (SELECT 1 FROM cell WHERE generation_low = %(draft)s AND NOT starts_with(code, %(district)s))
    OR EXISTS (SELECT 1 FROM cell WHERE generation_high = %(draft)s - 1 AND NOT starts_with(code, %(district)s))
    OR EXISTS (SELECT 1 FROM draft_state WHERE generation_id = %(draft)s AND district_code <> %(district)s)
