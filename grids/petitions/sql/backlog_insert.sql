-- A matter put on the backlog register: incident_id, why, named_reason, registered_at, the leader, task_force.
INSERT INTO backlog_matter (incident_id, why, named_reason, registered_at, leader_name, leader_post,
                            leader_person_id, task_force)
VALUES (%(incident_id)s, %(why)s, %(named_reason)s, %(registered_at)s, %(leader_name)s, %(leader_post)s,
        %(leader_person_id)s, %(task_force)s)
RETURNING id
