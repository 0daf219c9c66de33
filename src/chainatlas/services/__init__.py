"""The application layer: resolution, curation, the desk, the project registry, ingest runs and the
queries the pages need; web handlers and CLI commands call into it, it calls into `store`."""
