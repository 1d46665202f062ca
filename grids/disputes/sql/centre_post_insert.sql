-- One post of centre %(centre)s.
INSERT INTO centre_post (centre_code, post, position) VALUES (%(centre)s, %(post)s, %(position)s)
