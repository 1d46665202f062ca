-- What placing points needs of the cells valid in a generation: no statistics, no attributes.
SELECT code, level, kind, name, parent_code, ST_AsBinary(geom) AS geom
FROM cell
WHERE in_generation(generation_low, generation_high, %(generation)s)
ORDER BY level, code
