"""SQLite access (reference library, case store, build). No Qt."""
