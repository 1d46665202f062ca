-- The posts configured for centre %(centre)s, in order (none: the default list applies).
SELECT post FROM centre_post WHERE centre_code = %(centre)s ORDER BY position, post
