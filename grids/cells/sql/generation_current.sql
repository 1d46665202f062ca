-- The newest published generation (NULL before the first publication).
SELECT max(id) FROM generation WHERE published_at IS NOT NULL
