-- Early warnings (028) per cell of %(level)s whose burst began in [since, until) and that staff have not
-- dismissed (open or confirmed): the index's ``warnings`` component counts them per 1,000 households.
SELECT CASE %(level)s WHEN 'district' THEN district_code WHEN 'street' THEN street_code
                      WHEN 'community' THEN community_code WHEN 'grid' THEN grid_code END AS code,
       count(*) AS warnings
FROM early_warning
WHERE status <> 'dismissed'
  AND first_reported_at >= coalesce(%(since)s::timestamptz, '-infinity')
  AND first_reported_at < coalesce(%(until)s::timestamptz, 'infinity')
GROUP BY 1
HAVING CASE %(level)s WHEN 'district' THEN district_code WHEN 'street' THEN street_code
                      WHEN 'community' THEN community_code WHEN 'grid' THEN grid_code END IS NOT NULL;
