-- Failed sign-ins that still count at %(now)s: of the account %(username)s since its last success or
-- unlocking and within %(window)s seconds; of the address %(address)s within the window (any account).
-- And when the newest of each was, for how long a lock lasts.
SELECT
  (SELECT count(*) FROM account_event f
    WHERE f.username = %(username)s AND f.event = 'sign_in_failed'
      AND f.at > %(now)s::timestamptz - make_interval(secs => %(window)s)
      AND f.at > coalesce((SELECT max(r.at) FROM account_event r WHERE r.username = %(username)s
                             AND r.event IN ('sign_in', 'unlocked')), '-infinity')) AS account_failures,
  (SELECT max(f.at) FROM account_event f WHERE f.username = %(username)s AND f.event = 'sign_in_failed') AS account_last,
  (SELECT count(*) FROM account_event f
    WHERE f.address = %(address)s AND f.event = 'sign_in_failed'
      AND f.at > %(now)s::timestamptz - make_interval(secs => %(window)s)) AS address_failures,
  (SELECT max(f.at) FROM account_event f WHERE f.address = %(address)s AND f.event = 'sign_in_failed') AS address_last
