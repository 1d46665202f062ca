-- How many notifications person %(person)s has not read.
SELECT count(*) FROM notification WHERE person_id = %(person)s AND read_at IS NULL
