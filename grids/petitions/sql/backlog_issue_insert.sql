-- A major issue (重大信访问题) listed: title, summary, area_code, listed_on, its leader.
INSERT INTO major_issue (title, summary, area_code, listed_on, leader_name, leader_post)
VALUES (%(title)s, %(summary)s, %(area_code)s, %(listed_on)s, %(leader_name)s, %(leader_post)s)
RETURNING id
