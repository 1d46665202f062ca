-- The workbench's cases: those of the account's area (%(scope)s: cell codes, the roots of its subtrees,
-- matched against each level's code of the incident), those its person (%(person)s) handles, co-handles
-- (协办) or was whistled to and has not answered (吹哨报到). One case when %(id)s is given. Filters are
-- NULL when not asked for; the tab's condition is desk.TABS'. Only what a desk shows: the reporter's
-- name and phone are never read here. %(limit)s and %(offset)s page it (NULL: every row, for a tab
-- ordered by its timers in Python); newest closing first when %(newest_closed)s, else oldest report
-- first; total: the count of every row the filters leave.
SELECT i.id, i.source_ref, i.channel, i.reported_at, i.category_code, c.name AS category_name,
       c.name_en AS category_name_en, i.title, i.address, i.status, i.case_version,
       i.district_code, i.street_code, i.community_code, i.grid_code, i.microgrid_code,
       i.handler_person_id, h.name AS handler_name, h.code AS handler_code, i.handler_level, i.handler_cell_code,
       i.time_limit_hours, i.limit_workdays, i.clock_started_at, i.deadline, i.clock_paused_at, i.supervised_at, i.urge_count,
       i.escalation_count, i.return_count, i.returned_at, i.co_handler_ids, i.repeat_of, i.closed_at,
       i.rating, i.direct_answer,
       ST_X(ST_Transform(i.geom, 4326)) AS lon, ST_Y(ST_Transform(i.geom, 4326)) AS lat,
       EXISTS (SELECT 1 FROM case_whistle w WHERE w.incident_id = i.id AND w.department_person_id = %(person)s::bigint
                 AND w.answered_at IS NULL) AS whistled_to_me,
       count(*) OVER () AS total
FROM incident i
LEFT JOIN category c ON c.code = i.category_code
LEFT JOIN person h ON h.id = i.handler_person_id
WHERE (%(id)s::bigint IS NULL OR i.id = %(id)s::bigint)
  AND (ARRAY[i.district_code, i.street_code, i.community_code, i.grid_code] && %(scope)s::text[]
       OR i.handler_person_id = %(person)s::bigint
       OR %(person)s::bigint = ANY(i.co_handler_ids)
       OR EXISTS (SELECT 1 FROM case_whistle w WHERE w.incident_id = i.id
                    AND w.department_person_id = %(person)s::bigint AND w.answered_at IS NULL))
  AND i.status = ANY(%(states)s::text[])
  AND (%(returned)s::boolean IS NULL OR (i.returned_at IS NOT NULL) = %(returned)s::boolean)
  AND (%(overdue_at)s::timestamptz IS NULL
       OR (i.status IN ('dispatched', 'in_progress', 'rework', 'extended') AND i.deadline < %(overdue_at)s::timestamptz))
  AND (%(supervised)s::boolean IS NULL OR (i.supervised_at IS NOT NULL) = %(supervised)s::boolean)
  AND (%(category)s::text IS NULL OR i.category_code = %(category)s::text OR c.parent_code = %(category)s::text)
  AND (%(channel)s::text IS NULL OR i.channel = %(channel)s::text)
  AND (%(level)s::text IS NULL OR i.handler_level = %(level)s::text)
  AND (%(handler)s::bigint IS NULL OR i.handler_person_id = %(handler)s::bigint)
  AND (%(repeat)s::boolean IS NULL
       OR (i.repeat_of IS NOT NULL OR EXISTS (SELECT 1 FROM incident r WHERE r.repeat_of = i.id)) = %(repeat)s::boolean)
  AND (%(bounced_over)s::integer IS NULL OR i.return_count > %(bounced_over)s::integer)
ORDER BY CASE WHEN %(newest_closed)s THEN i.closed_at END DESC NULLS LAST, i.reported_at, i.id
LIMIT %(limit)s OFFSET %(offset)s
