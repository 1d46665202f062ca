-- The outlines of the cells of level %(level)s in generation %(generation)s within a bounding box
-- (EPSG:4490): what a new file's shapes are compared with (grids.cells.shape_offsets).
SELECT ST_AsBinary(ST_Boundary(geom))
FROM cell
WHERE level = %(level)s AND in_generation(generation_low, generation_high, %(generation)s)
  AND geom && ST_MakeEnvelope(%(xmin)s, %(ymin)s, %(xmax)s, %(ymax)s, 4490)
