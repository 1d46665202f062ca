-- Whether the cluster has a database called %(name)s.
SELECT 1 FROM pg_database WHERE datname = %(name)s
