"""Bringing records from elsewhere into the record, all or nothing."""
