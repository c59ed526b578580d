"""The SQLite store: schema and migrations, writes with history and undo, reads."""
