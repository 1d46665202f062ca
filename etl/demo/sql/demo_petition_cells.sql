-- The streets and communities of the current cells (for the proxy agents of the petition office), by code.
SELECT code, level, name FROM cell
WHERE level IN ('district', 'street', 'community') AND generation_high IS NULL
ORDER BY code
