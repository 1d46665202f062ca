-- Matters placed under %(within)s (all when NULL), of %(stages)s, overdue on %(overdue_on)s when given,
-- newest first; no personal data.
SELECT m.incident_id AS id, i.source_ref, m.form, m.registered_on, m.stage, m.petitioner_count, m.collective,
       m.handling_body, i.category_code, i.grid_code, i.community_code,
       CASE m.stage WHEN 'registered' THEN m.accept_due WHEN 'accepted' THEN m.handle_due
                    WHEN 'reviewing' THEN m.review_due WHEN 'rereviewing' THEN m.rereview_due END AS due,
       r.earlier_id AS repeat_of, m.satisfaction
FROM petition_matter m
JOIN incident i ON i.id = m.incident_id
LEFT JOIN petition_repeat r ON r.incident_id = m.incident_id
WHERE (%(within)s::text IS NULL OR coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code,
                                            i.district_code) LIKE %(within)s || '%%')
  AND (%(stages)s::text[] IS NULL OR m.stage = ANY (%(stages)s::text[]))
  AND (%(overdue_on)s::date IS NULL OR %(overdue_on)s::date > CASE m.stage
        WHEN 'registered' THEN m.accept_due WHEN 'accepted' THEN m.handle_due
        WHEN 'reviewing' THEN m.review_due WHEN 'rereviewing' THEN m.rereview_due END)
ORDER BY m.registered_on DESC, m.incident_id DESC
LIMIT %(limit)s
