-- Running cases past their deadline at %(now)s and not urged since it passed (催办 once per deadline:
-- an extension or escalation sets a new one). Cases another session holds are left for the next tick.
SELECT id
FROM incident
WHERE status IN ('dispatched', 'in_progress', 'rework', 'extended')
  AND deadline < %(now)s
  AND (urged_at IS NULL OR urged_at < deadline)
  AND case_changed_at <= %(now)s
ORDER BY deadline, id
FOR UPDATE SKIP LOCKED
