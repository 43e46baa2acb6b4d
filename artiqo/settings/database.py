"""How each database engine is tuned, whatever DATABASE_URL names (kept out of base.py to keep it short)."""


def tune_database(database: dict) -> dict:
    """Make SQLite survive concurrent writers and MariaDB speak full Unicode."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        options = database.setdefault("OPTIONS", {})
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout
        # instead of one failing with "database is locked" when it upgrades a read lock.
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        )
    elif database["ENGINE"] == "django.db.backends.mysql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("charset", "utf8mb4")
        # The connection and the tables must agree, or MariaDB refuses comparisons (error 1267).
        options.setdefault("collation", "utf8mb4_unicode_ci")
        options.setdefault("init_command", "SET sql_mode='STRICT_TRANS_TABLES'")
        options.setdefault("isolation_level", "read committed")
        database.setdefault("TEST", {}).setdefault("CHARSET", "utf8mb4")
        database["TEST"].setdefault("COLLATION", "utf8mb4_unicode_ci")
    return database
