-- Filtered incidents per finest placed code. Codes nest, so grids/mapview/queries.py rolls these up to any
-- level by prefix (an incident counts for every cell whose code begins its finest code) and applies the
-- scope and cell there: one pass over the window serves every level. Grouping by the plain code lets
-- PostgreSQL hash it (30 days of a million-incident year: ~50 ms; the whole year: ~0.45 s); grouping by
-- a prefix of it under the scope's starts_with it misjudged the group count and sorted (2–3× slower).
SELECT coalesce(microgrid_code, grid_code, community_code, street_code, district_code) AS code,
       count(*) AS received
FROM incident i
WHERE {filters}
GROUP BY 1;
