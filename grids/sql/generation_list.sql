SELECT g.id, g.description, g.created_at, g.published_at, g.effective_date,
       (SELECT count(*) FROM cell c WHERE c.generation_low <= g.id AND g.id <= c.generation_high) AS cells,
       (SELECT count(*) FROM cell c WHERE c.generation_low = g.id) AS new_rows
FROM generation g
ORDER BY g.id DESC
