-- Filtered incidents per cell whose code has %(length)s characters: codes nest, so an incident counts
-- for the cell whose code is the first %(length)s characters of its finest placed code.
SELECT left(coalesce(microgrid_code, grid_code, community_code, street_code, district_code), %(length)s) AS code,
       count(*) AS received
FROM incident
WHERE length(coalesce(microgrid_code, grid_code, community_code, street_code, district_code)) >= %(length)s
  AND {filters}
GROUP BY 1;
