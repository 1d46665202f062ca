-- One backlog matter %(id)s with its case's cells and its consultations (oldest first).
SELECT b.id, b.incident_id, b.why, b.named_reason, b.registered_at, b.leader_name, b.leader_post,
       b.leader_person_id, b.task_force, b.status, b.closed_off_on, b.closed_off_evidence,
       b.closed_off_by_person_id, i.status AS case_status, i.reported_at, i.district_code, i.street_code,
       i.community_code,
       coalesce((SELECT json_agg(json_build_object('id', c.id, 'held_on', c.held_on, 'attendees', c.attendees,
                                                   'decisions', c.decisions) ORDER BY c.held_on, c.id)
                 FROM backlog_consultation c WHERE c.backlog_id = b.id), '[]') AS consultations
FROM backlog_matter b
JOIN incident i ON i.id = b.incident_id
WHERE b.id = %(id)s
