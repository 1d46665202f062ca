-- Only the incidents that came in through %(channel)s.
AND channel = %(channel)s
