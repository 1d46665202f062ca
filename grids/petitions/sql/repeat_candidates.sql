-- The earlier matters matter %(id)s repeats (docs/petitions.md, "First or repeat"): the same petitioner
-- (ID hash; or phone hash unless both have differing ID hashes) and the same matter (category, address or
-- building), registered at most %(window_days)s days before it; the most recent first.
WITH m AS (
    SELECT pm.incident_id, pm.registered_on, i.category_code, i.category_text, i.microgrid_code,
           nullif(regexp_replace(coalesce(i.address, ''), '\s', '', 'g'), '') AS address
    FROM petition_matter pm JOIN incident i ON i.id = pm.incident_id
    WHERE pm.incident_id = %(id)s
), people AS (
    SELECT b.incident_id AS earlier_id,
           bool_or(a.id_hash = b.id_hash) AS by_id,
           bool_or(a.phone_hash = b.phone_hash
                   AND NOT (a.id_hash IS NOT NULL AND b.id_hash IS NOT NULL AND a.id_hash <> b.id_hash)) AS by_phone
    FROM petitioner a
    JOIN petitioner b ON b.incident_id <> a.incident_id AND (b.id_hash = a.id_hash OR b.phone_hash = a.phone_hash)
    WHERE a.incident_id = %(id)s
    GROUP BY b.incident_id
), candidates AS (
    SELECT e.incident_id AS earlier_id, e.registered_on, p.by_id, p.by_phone,
           (ie.category_code = m.category_code
            OR ((ie.category_code IS NULL OR m.category_code IS NULL)
                AND nullif(ie.category_text, '') = nullif(m.category_text, ''))) AS same_category,
           (nullif(regexp_replace(coalesce(ie.address, ''), '\s', '', 'g'), '') = m.address) AS same_address,
           (starts_with(ie.microgrid_code, m.microgrid_code) OR starts_with(m.microgrid_code, ie.microgrid_code))
               AS same_building
    FROM m
    JOIN people p ON p.by_id OR p.by_phone
    JOIN petition_matter e ON e.incident_id = p.earlier_id
    JOIN incident ie ON ie.id = e.incident_id
    WHERE (e.registered_on < m.registered_on
           OR (e.registered_on = m.registered_on AND e.incident_id < m.incident_id))
      AND e.registered_on >= m.registered_on - %(window_days)s::int
)
SELECT c.earlier_id, coalesce(r.first_id, c.earlier_id) AS first_id,
       array_remove(ARRAY[CASE WHEN c.by_id THEN 'id_number' END, CASE WHEN c.by_phone THEN 'phone' END], NULL)
           AS matched_on,
       array_remove(ARRAY[CASE WHEN c.same_category THEN 'category' END, CASE WHEN c.same_address THEN 'address' END,
                          CASE WHEN c.same_building THEN 'building' END], NULL) AS same_by
FROM candidates c
LEFT JOIN petition_repeat r ON r.incident_id = c.earlier_id
WHERE c.same_category OR c.same_address OR c.same_building
ORDER BY c.registered_on DESC, c.earlier_id DESC
