"""Use cases: each runs one request in one database transaction through a unit of work."""
