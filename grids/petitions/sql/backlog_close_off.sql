-- 销号 of backlog matter %(id)s: the day, the evidence, by whom.
UPDATE backlog_matter
SET status = 'closed_off', closed_off_on = %(closed_off_on)s, closed_off_evidence = %(evidence)s,
    closed_off_by_person_id = %(by_person_id)s
WHERE id = %(id)s AND status = 'open'
