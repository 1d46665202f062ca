-- The proxy agent whose code is %(ref)s or whose id is %(id)s.
SELECT a.id, a.code, a.name, a.phone, a.level, a.area_code, a.person_id, a.active
FROM proxy_agent a
WHERE a.code = %(ref)s OR a.id = %(id)s
ORDER BY (a.code = %(ref)s) DESC
LIMIT 1
