SELECT g.id, g.description, g.created_at, g.published_at, g.effective_date,
       (SELECT count(*) FROM cell c WHERE in_generation(c.generation_low, c.generation_high, g.id)) AS cells,
       (SELECT count(*) FROM cell c WHERE c.generation_low = g.id) AS new_rows
FROM generation g
ORDER BY g.id DESC
