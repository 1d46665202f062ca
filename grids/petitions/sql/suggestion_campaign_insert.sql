-- A topic campaign (专题征集): title, period, departments, description.
INSERT INTO suggestion_campaign (title, starts_on, ends_on, departments, description)
VALUES (%(title)s, %(starts_on)s, %(ends_on)s, %(departments)s, %(description)s)
RETURNING id
