-- Every stored version of cell %(code)s, oldest first.
SELECT generation_low, generation_high, name, parent_code, area_m2, ST_AsText(geom) AS wkt
FROM cell
WHERE code = %(code)s
ORDER BY generation_low
