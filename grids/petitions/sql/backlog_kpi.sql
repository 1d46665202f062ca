-- 积案化解率 over the days [%(since)s, %(until)s): the register's entries of the period (registered before
-- %(until)s and not closed off before %(since)s) whose case lies under %(within)s (NULL: anywhere), and
-- those of them closed off within the period.
SELECT count(*) AS matters,
       count(*) FILTER (WHERE b.closed_off_on >= %(since)s AND b.closed_off_on < %(until)s) AS closed_off
FROM backlog_matter b
JOIN incident i ON i.id = b.incident_id
WHERE (b.registered_at AT TIME ZONE 'Asia/Shanghai')::date < %(until)s
  AND (b.closed_off_on IS NULL OR b.closed_off_on >= %(since)s)
  AND (%(within)s::text IS NULL OR coalesce(i.community_code, i.street_code, i.district_code) LIKE %(within)s || '%%')
