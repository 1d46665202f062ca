-- New rows in the draft, one per array element (geometries as hex EWKB, attributes as JSON text).
INSERT INTO cell (code, level, kind, name, parent_code, households, population, attributes, geom,
                  generation_low, generation_high)
SELECT code, level, kind, name, parent_code, households, population, attributes::jsonb,
       ST_GeomFromEWKB(decode(geom, 'hex')), %(draft)s, NULL
FROM unnest(%(codes)s::text[], %(levels)s::text[], %(kinds)s::text[], %(names)s::text[],
            %(parents)s::text[], %(households)s::int[], %(population)s::int[], %(attributes)s::text[],
            %(geoms)s::text[])
     AS r(code, level, kind, name, parent_code, households, population, attributes, geom)
