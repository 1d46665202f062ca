-- Which of the channels the store holds any incident of (one index probe per channel).
SELECT c.name FROM unnest(%(channels)s::text[]) AS c (name)
WHERE EXISTS (SELECT 1 FROM incident i WHERE i.channel = c.name)
