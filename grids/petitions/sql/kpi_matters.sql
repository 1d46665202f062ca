-- Matters registered in [%(start)s, %(end)s) per cell at %(level)s (under %(within)s) and month: total,
-- first, repeat, first rated / satisfied (满意 + 基本满意), first with a repeat registered by %(as_of)s.
WITH m AS (
    SELECT CASE %(level)s WHEN 'district' THEN i.district_code WHEN 'street' THEN i.street_code
                          WHEN 'community' THEN i.community_code ELSE i.grid_code END AS cell,
           date_trunc('month', pm.registered_on)::date AS month,
           r.incident_id IS NULL AS first, pm.satisfaction,
           EXISTS (SELECT 1 FROM petition_repeat later JOIN petition_matter lm ON lm.incident_id = later.incident_id
                   WHERE later.first_id = pm.incident_id AND lm.registered_on <= %(as_of)s) AS turned_repeat
    FROM petition_matter pm
    JOIN incident i ON i.id = pm.incident_id
    LEFT JOIN petition_repeat r ON r.incident_id = pm.incident_id
    WHERE pm.registered_on >= %(start)s AND pm.registered_on < %(end)s
      AND (%(within)s::text IS NULL OR coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                                i.district_code) LIKE %(within)s || '%%')
)
SELECT cell, month, count(*) AS total, count(*) FILTER (WHERE first) AS first,
       count(*) FILTER (WHERE NOT first) AS repeat,
       count(*) FILTER (WHERE first AND satisfaction IS NOT NULL) AS first_rated,
       count(*) FILTER (WHERE first AND satisfaction IN ('satisfied', 'basically_satisfied')) AS first_satisfied,
       count(*) FILTER (WHERE first AND turned_repeat) AS first_turned_repeat
FROM m
GROUP BY cell, month
