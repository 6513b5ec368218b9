"""Cases read the read models (the ledger's overdue problems, the red flags): the same store as the flags' features."""

from features.疑点.conftest import app, projector, settings

__all__ = ["app", "projector", "settings"]
