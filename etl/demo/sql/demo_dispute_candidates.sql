-- The demo's incidents that may become disputes: category 01 (矛盾纠纷) and the neighbours' noise and
-- parking quarrels (0202, 0208), placed in a community, not rejected nor voided, not a case the
-- three-calls rule opened; in report order. Which of them are taken is drawn by etl/demo/disputes.py.
SELECT i.id, i.channel, i.category_code, i.reported_at, i.street_code, i.community_code, i.grid_code, i.address
FROM incident i
WHERE (left(i.category_code, 2) = '01' OR i.category_code IN ('0202', '0208'))
  AND i.community_code IS NOT NULL AND i.grid_code IS NOT NULL
  AND i.status NOT IN ('rejected', 'void')
  AND NOT starts_with(i.source_ref, 'LDLT-')
ORDER BY i.reported_at, i.id
