"""Event-store adapters that the eventsourcing library finds through ``PERSISTENCE_MODULE``."""
