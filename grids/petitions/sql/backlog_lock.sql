-- A backlog matter %(id)s, locked, with its consultations' count and the latest consultation day.
SELECT b.*, (SELECT count(*) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS consultations,
       (SELECT min(c.held_on) FROM backlog_consultation c WHERE c.backlog_id = b.id) AS first_consulted_on
FROM backlog_matter b
WHERE b.id = %(id)s
FOR UPDATE
