-- Person %(person)s has read notifications %(ids)s (NULL: all of them).
UPDATE notification
   SET read_at = clock_timestamp()
 WHERE person_id = %(person)s
   AND (%(ids)s::bigint[] IS NULL OR id = ANY(%(ids)s::bigint[]))
   AND read_at IS NULL
