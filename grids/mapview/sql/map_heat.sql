-- Heat points: the filtered incidents with a location, at most %(limit)s, as the JSON text of
-- [[lat, lon], …] in EPSG:4326, 5 decimals (~1 m, finer than a heatmap's pixel at any zoom; each
-- point weighs 1, Leaflet.heat's default; the stored CGCS2000 coordinates as they are, see
-- map_cells.sql; a PROJ call per point also cost each parallel worker ~0.15 s to set PROJ up). Built
-- here rather than in Python: PostgreSQL writes the 66,000 points of a 30-day window in the synthetic
-- city in about the time Python takes to parse them, and Python then only wraps the text.
-- One row more than the limit is read: when it comes, the limit cut the points ("truncated"), and the
-- points stop at the limit (the array slice).
SELECT coalesce(to_json((array_agg(ARRAY[round(ST_Y(geom) * 1e5) / 1e5, round(ST_X(geom) * 1e5) / 1e5]))[1:%(limit)s]), '[]')::text,
       count(*) > %(limit)s
FROM (SELECT i.geom
      FROM incident i
      WHERE i.geom IS NOT NULL AND {filters}
      LIMIT %(limit)s + 1) p;
