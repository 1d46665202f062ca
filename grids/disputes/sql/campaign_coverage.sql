-- Coverage of campaign %(id)s: the grids of its area in generation %(generation)s, and those screened within
-- its period (a visit of the campaign, or of any screening on a day of the period).
WITH campaign AS (SELECT * FROM screening_campaign WHERE id = %(id)s),
grids AS (
    SELECT DISTINCT c.code FROM cell c, campaign k
    WHERE c.level = 'grid' AND in_generation(c.generation_low, c.generation_high, %(generation)s)
      AND EXISTS (SELECT 1 FROM unnest(k.area_codes) a WHERE c.code LIKE a || '%%')
)
SELECT (SELECT count(*) FROM grids) AS grids,
       (SELECT count(DISTINCT v.grid_code) FROM screening_visit v, campaign k
        WHERE v.grid_code IN (SELECT code FROM grids) AND v.screened_on BETWEEN k.starts_on AND k.ends_on
          AND (v.campaign_id = k.id OR v.campaign_id IS NULL)) AS screened,
       (SELECT count(*) FROM dispute d WHERE d.campaign_id = %(id)s) AS disputes_found
