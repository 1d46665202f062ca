-- What the risk rule reads from the case %(id)s and what is linked to it: the case's escalations and
-- supervision, its channel, its own texts, repeats (incidents linked to it as repeats, its own repeat
-- link), the 110 calls a three-calls case links, and the texts of every 110 report among them.
WITH calls AS (
    SELECT c.call_incident_id AS id FROM dispute_call c WHERE c.incident_id = %(id)s
), police AS (
    SELECT concat_ws(' ', i.category_text, i.title, i.description) AS text
    FROM incident i
    -- the ids as one list, not `i.id = … OR i.id IN (…)`: the OR made the planner read every 110 report
    -- (6 ms on the demo's 4,000; 0.05 ms this way)
    WHERE i.id IN (SELECT %(id)s::bigint UNION ALL SELECT id FROM calls) AND i.channel = 'police110'
)
SELECT i.channel, i.escalation_count, i.supervised_at IS NOT NULL AS supervised,
       concat_ws(' ', i.category_text, i.title, i.description) AS own_text,
       (SELECT count(*) FROM incident r WHERE r.repeat_of = i.id)
           + (i.repeat_of IS NOT NULL)::int AS repeat_links,
       (SELECT count(*) FROM calls) AS calls,
       coalesce((SELECT array_agg(text) FROM police), '{}') AS police_texts,
       coalesce((SELECT array_agg(concat_ws(' ', c.title, c.description)) FROM incident c
                 WHERE c.id IN (SELECT id FROM calls)), '{}') AS call_texts
FROM incident i
WHERE i.id = %(id)s
