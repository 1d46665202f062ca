-- 动态清零 per area of %(level)s ('street' or 'district'): the register's entries on day %(on)s (registered
-- by then), those still open that day, and cleared when none is open. Areas that never had an entry by
-- then are not listed.
WITH entries AS (
    SELECT CASE WHEN %(level)s = 'street' THEN i.street_code ELSE i.district_code END AS area_code,
           (b.status = 'open' OR b.closed_off_on > %(on)s) AS open_then
    FROM backlog_matter b
    JOIN incident i ON i.id = b.incident_id
    WHERE (b.registered_at AT TIME ZONE 'Asia/Shanghai')::date <= %(on)s
)
SELECT area_code, count(*) AS matters, count(*) FILTER (WHERE open_then) AS open,
       count(*) FILTER (WHERE NOT open_then) AS closed_off,
       count(*) FILTER (WHERE open_then) = 0 AS cleared
FROM entries
WHERE area_code IS NOT NULL AND (%(within)s::text IS NULL OR area_code LIKE %(within)s || '%%')
GROUP BY area_code
ORDER BY area_code
