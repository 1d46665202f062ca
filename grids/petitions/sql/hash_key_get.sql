-- The key of the petitioner hashes.
SELECT key FROM petition_hash_key WHERE id
