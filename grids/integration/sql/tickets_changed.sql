-- A key's tickets of a channel changed after (updated_after, after_id), oldest change first: state,
-- handler (a department's name; a grid member's is not given), deadline and the latest result text (a
-- report back, verification, direct answer, rejection or voiding). updated: the latest of the ticket's
-- arrival, its last update by a resubmission and the recording of its last case change, all in real
-- time (the case clock of an action may be set back; a client's updated_after must not miss it). No
-- reporter's data. Each of the key's tickets is looked at (by index) on each call: fine for the tickets
-- of a year; a column kept by the case loop would make it a range scan.
WITH changed AS (
    SELECT i.id, greatest(i.imported_at, i.updated_at, (SELECT max(e.recorded_at) FROM case_event e WHERE e.incident_id = i.id)) AS updated
    FROM api_ticket t JOIN incident i ON i.id = t.incident_id
    WHERE t.key_id = %(key_id)s AND i.channel = %(channel)s
)
SELECT i.id, i.source_ref, i.status, c.updated, i.handler_level, i.handler_cell_code,
       CASE WHEN p.role = 'department' THEN p.name END AS department, i.deadline, i.closed_at,
       coalesce(i.microgrid_code, i.grid_code, i.community_code, i.street_code) AS cell,
       (SELECT e.note FROM case_event e
        WHERE e.incident_id = i.id AND e.note IS NOT NULL AND e.action IN ('report', 'verify', 'answer', 'reject', 'void')
        ORDER BY e.version DESC LIMIT 1) AS result
FROM changed c
JOIN incident i ON i.id = c.id
LEFT JOIN person p ON p.id = i.handler_person_id
WHERE (c.updated, c.id) > (%(after)s::timestamptz, %(after_id)s::bigint)
ORDER BY c.updated, c.id
LIMIT %(limit)s
