-- The newest generation and its description (the demo's, when the store holds it).
SELECT id, description FROM generation ORDER BY id DESC LIMIT 1
