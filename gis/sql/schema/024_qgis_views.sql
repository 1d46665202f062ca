-- GIS offices read the cells with their own tools (issue 20): QGIS (or ArcGIS, FME) connects to PostGIS
-- directly and finds one view per level of the current generation, each with a key (code), a typed
-- geometry in EPSG:4490 and comments, through a read-only role. The incidents' view leaves out every
-- personal field (reporter, phone, free text, address): a GIS desk sees where and what, never who.
-- gridgov_reader (NOLOGIN) may read these views and nothing else: grant it to a GIS desk's login.

CREATE VIEW current_generation AS
SELECT max(id) AS id FROM generation WHERE published_at IS NOT NULL;
COMMENT ON VIEW current_generation IS 'The newest published boundary generation, the one the views below show.';

CREATE VIEW qgis_cells AS
SELECT c.code, c.level, c.kind, c.name, c.parent_code, c.households, c.population,
       round(c.area_m2::numeric, 1) AS area_m2, c.generation_low AS valid_from_generation,
       c.geom::geometry(MultiPolygon, 4490) AS geom
FROM cell c, current_generation g
WHERE in_generation(c.generation_low, c.generation_high, g.id);
COMMENT ON VIEW qgis_cells IS 'Every cell of the current generation (all levels); code is unique here.';

CREATE VIEW qgis_districts AS SELECT * FROM qgis_cells WHERE level = 'district';
CREATE VIEW qgis_streets AS SELECT * FROM qgis_cells WHERE level = 'street';
CREATE VIEW qgis_communities AS SELECT * FROM qgis_cells WHERE level = 'community';
CREATE VIEW qgis_grids AS SELECT * FROM qgis_cells WHERE level = 'grid';
CREATE VIEW qgis_microgrids AS SELECT * FROM qgis_cells WHERE level = 'microgrid';
COMMENT ON VIEW qgis_districts IS '区县 of the current generation; key: code (6 digits).';
COMMENT ON VIEW qgis_streets IS '街道/乡镇 of the current generation; key: code (9 digits).';
COMMENT ON VIEW qgis_communities IS '社区/村 of the current generation; key: code (12 digits).';
COMMENT ON VIEW qgis_grids IS '网格 (basic and dedicated) of the current generation; key: code (15 digits).';
COMMENT ON VIEW qgis_microgrids IS '微网格 (buildings, stairwells) of the current generation; key: code.';

CREATE VIEW qgis_incidents AS
SELECT i.id, i.channel, i.source_ref, i.reported_at, i.category_code, c.name AS category_name, i.status,
       i.district_code, i.street_code, i.community_code, i.grid_code, i.microgrid_code, i.placement_level,
       i.geom::geometry(Point, 4490) AS geom
FROM incident i LEFT JOIN category c ON c.code = i.category_code
WHERE i.placement_method IS NOT NULL;
COMMENT ON VIEW qgis_incidents IS 'Placed incidents without any personal field (no reporter, phone, text or address); key: id.';

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gridgov_reader') THEN
        BEGIN
            CREATE ROLE gridgov_reader NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;                          -- another database's migration created it meanwhile
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO gridgov_reader', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO gridgov_reader;
GRANT SELECT ON current_generation, qgis_cells, qgis_districts, qgis_streets, qgis_communities, qgis_grids,
                qgis_microgrids, qgis_incidents TO gridgov_reader;
GRANT SELECT ON spatial_ref_sys, geometry_columns TO gridgov_reader;
