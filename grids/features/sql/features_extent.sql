-- The extent (minlon, minlat, maxlon, maxlat) of a scope in a generation: the cells that are its roots
-- (scope NULL: the districts). Cells nest, so a root's box holds every cell and placed incident below it;
-- reading only the roots keeps this cheap on a city of a million micro-grids.
SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
FROM (SELECT ST_Extent(geom) AS e FROM cell
      WHERE in_generation(generation_low, generation_high, %(generation)s)
        AND (CASE WHEN %(scope)s::text[] IS NULL THEN level = 'district' ELSE code = ANY (%(scope)s::text[]) END)) x
