"""Read models: folds over the event log kept as tables beside it, with positions, as-of and provenance."""
