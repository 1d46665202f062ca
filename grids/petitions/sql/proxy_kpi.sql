-- 代理率 and satisfaction over the petition matters reported in the days [%(since)s, %(until)s) under
-- %(within)s (NULL: anywhere): how many, how many a proxy agent took on, how many of those the citizen
-- rated, and how many satisfied or basically satisfied. A matter is a petition case registered as a
-- 信访事项 (petition_matter, 026) or taken on by a proxy; a petition-channel ticket neither registered nor
-- proxied is no matter yet and counts for neither side.
SELECT count(*) AS petition_matters, count(s.incident_id) AS with_proxy,
       count(s.satisfaction) AS rated,
       count(*) FILTER (WHERE s.satisfaction IN ('satisfied', 'basically_satisfied')) AS satisfied
FROM incident i
LEFT JOIN proxy_assignment s ON s.incident_id = i.id
WHERE i.channel = 'petition'
  AND (s.incident_id IS NOT NULL OR EXISTS (SELECT 1 FROM petition_matter m WHERE m.incident_id = i.id))
  AND (i.reported_at AT TIME ZONE 'Asia/Shanghai')::date >= %(since)s
  AND (i.reported_at AT TIME ZONE 'Asia/Shanghai')::date < %(until)s
  AND (%(within)s::text IS NULL OR coalesce(i.community_code, i.street_code, i.district_code) LIKE %(within)s || '%%')
