-- PostGIS (>= 3.1) for geometries; btree_gist so that a cell code's generation ranges can be kept
-- from overlapping by an exclusion constraint.
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;

DO $$
BEGIN
    IF string_to_array(split_part(postgis_lib_version(), ' ', 1), '.')::int[] < ARRAY[3, 1] THEN
        RAISE EXCEPTION 'gridgov needs PostGIS >= 3.1, this server has %', postgis_lib_version();
    END IF;
END
$$;
