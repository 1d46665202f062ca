-- The decisions on warnings raised in [%(since)s, %(until)s) (NULL: unbounded): per status.
SELECT status, count(*)
FROM early_warning
WHERE (%(since)s::timestamptz IS NULL OR raised_at >= %(since)s::timestamptz)
  AND (%(until)s::timestamptz IS NULL OR raised_at < %(until)s::timestamptz)
GROUP BY status
