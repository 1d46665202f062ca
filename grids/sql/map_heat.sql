-- Heat points: the filtered incidents with a location, in EPSG:4326 (lat, lon), at most %(limit)s.
SELECT round(ST_Y(p.wgs84)::numeric, 6) AS lat, round(ST_X(p.wgs84)::numeric, 6) AS lon
FROM incident i
CROSS JOIN LATERAL (SELECT ST_Transform(i.geom, 4326) AS wgs84) p
WHERE i.geom IS NOT NULL AND {filters}
LIMIT %(limit)s;
