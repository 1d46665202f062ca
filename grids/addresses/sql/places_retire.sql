-- Retire the current names %(names)s (an import gives them a new meaning).
UPDATE place_name SET retired_at = now() WHERE name = ANY(%(names)s) AND retired_at IS NULL
