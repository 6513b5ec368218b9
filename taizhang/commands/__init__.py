"""The commands of the record, grouped by what they change."""
