-- The draft generation (no row when there is none; there is never more than one).
SELECT id FROM generation WHERE published_at IS NULL
