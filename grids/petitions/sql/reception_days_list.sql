-- The calendar from %(since)s to %(until)s (inclusive; NULL: open-ended), by day, each with its topic
-- (its own theme, else its month's, reception_theme) and lead departments (its own, else its month's),
-- and the matters brought and those with an outcome.
SELECT d.id, d.held_on, d.kind, d.leader_name, d.leader_post, d.place, d.recurrence,
       coalesce(d.theme, t.theme) AS topic,
       CASE WHEN cardinality(d.departments) > 0 THEN d.departments ELSE coalesce(t.departments, '{}') END
           AS departments,
       (SELECT count(*) FROM reception_matter m WHERE m.reception_day_id = d.id) AS matters,
       (SELECT count(*) FROM reception_matter m WHERE m.reception_day_id = d.id AND m.outcome IS NOT NULL)
           AS outcomes
FROM reception_day d
LEFT JOIN reception_theme t ON t.month = extract(month FROM d.held_on)
WHERE (%(since)s::date IS NULL OR d.held_on >= %(since)s)
  AND (%(until)s::date IS NULL OR d.held_on <= %(until)s)
  AND (%(id)s::bigint IS NULL OR d.id = %(id)s)
ORDER BY d.held_on, d.leader_name
LIMIT %(limit)s
