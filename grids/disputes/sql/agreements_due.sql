-- Agreements not yet followed up whose deadline is %(today)s or earlier (under cell code %(within)s), the
-- oldest deadline first: the follow-up list (履行回访).
SELECT a.id AS agreement_id, a.incident_id AS id, a.deadline, a.signed_at, a.amount, a.judicial_confirmation,
       d.type_code, d.risk_level, d.org_id, i.grid_code
FROM dispute_agreement a
JOIN dispute d ON d.incident_id = a.incident_id
JOIN incident i ON i.id = a.incident_id
WHERE a.performance IS NULL AND a.deadline <= %(today)s AND d.stage = 'agreed'
  AND (%(within)s::text IS NULL
       OR coalesce(i.grid_code, i.community_code, i.street_code, i.district_code) LIKE %(within)s || '%%')
ORDER BY a.deadline, a.id
