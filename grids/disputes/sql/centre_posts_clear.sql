-- Forget centre %(centre)s's list of posts (before writing the new one).
DELETE FROM centre_post WHERE centre_code = %(centre)s
