-- %(count)s new person ids from the table's sequence, in order: the demo COPYs its people with them
-- (and their cells with the same ids) instead of inserting one row at a time.
SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, %(count)s) ORDER BY 1
