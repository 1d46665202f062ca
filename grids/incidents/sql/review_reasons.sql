-- Why incidents wait in the review queue, with how many for each reason.
SELECT coalesce(unplaced_reason, '') AS reason, count(*) AS incidents
FROM incident
WHERE placement_method IS NULL
GROUP BY 1
ORDER BY 2 DESC, 1
