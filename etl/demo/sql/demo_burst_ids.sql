-- The ids of the planted bursts' hotline tickets %(refs)s (etl/demo/bursts.py).
SELECT id FROM incident WHERE channel = 'hotline' AND source_ref = ANY (%(refs)s)
