-- The key of the petitioner hashes, written once: %(key)s (32 random bytes) unless a key exists.
INSERT INTO petition_hash_key (id, key) VALUES (true, %(key)s) ON CONFLICT (id) DO NOTHING
