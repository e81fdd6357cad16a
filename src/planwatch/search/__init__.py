"""Chinese full-text search over the plans (jieba words in SQLite FTS5 / PostgreSQL), and answers."""
