-- The finest cell of matter %(id)s's case.
SELECT coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code, i.district_code)
FROM incident i WHERE i.id = %(id)s
