-- Of the incidents %(ids)s: which exist and which are placed already.
SELECT id, placement_method IS NOT NULL AS placed FROM incident WHERE id = ANY(%(ids)s::bigint[])
