-- An open or confirmed warning of %(category)s whose centre lies within %(distance_m)s metres of the
-- point (%(lon)s, %(lat)s) and whose tickets reach within %(window_days)s days of [%(first)s, %(last)s]:
-- the one a burst there extends. Locked for the update.
SELECT id
FROM early_warning
WHERE category_code = %(category)s AND status IN ('open', 'confirmed')
  AND ST_DWithin(geom::geography, ST_SetSRID(ST_Point(%(lon)s, %(lat)s), 4490)::geography, %(distance_m)s)
  AND last_reported_at >= %(first)s::timestamptz - make_interval(days => %(window_days)s)
  AND first_reported_at <= %(last)s::timestamptz + make_interval(days => %(window_days)s)
ORDER BY last_reported_at DESC, id
LIMIT 1
FOR UPDATE
