-- Matter %(id)s with its case and its repeat link (no personal data).
SELECT m.incident_id AS id, m.*, i.channel, i.source_ref, i.reported_at, i.category_code, i.category_text,
       i.title, i.status AS case_status, i.district_code, i.street_code, i.community_code, i.grid_code,
       i.microgrid_code, p.code AS handling_person_code, p.name AS handling_person_name,
       r.earlier_id AS repeat_of, r.first_id AS first_matter_id, r.matched_on AS repeat_matched_on,
       r.same_by AS repeat_same_by,
       (SELECT count(*) FROM petition_repeat later WHERE later.first_id = m.incident_id) AS repeats_since
FROM petition_matter m
JOIN incident i ON i.id = m.incident_id
LEFT JOIN person p ON p.id = m.handling_person_id
LEFT JOIN petition_repeat r ON r.incident_id = m.incident_id
WHERE m.incident_id = %(id)s
