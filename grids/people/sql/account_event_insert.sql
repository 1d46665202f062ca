-- One line of the account log (migration 018); the operator comes from the session.
INSERT INTO account_event (at, event, username, account_id, address, detail)
VALUES (%(at)s, %(event)s, %(username)s, %(account_id)s, %(address)s, %(detail)s)
