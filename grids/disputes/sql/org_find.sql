-- A mediation organisation by its code or id.
SELECT id, code, name, kind, level, trade, area_code, cell_code, active FROM mediation_org
WHERE code = %(ref)s OR id = %(id)s
ORDER BY (code = %(ref)s) DESC LIMIT 1
