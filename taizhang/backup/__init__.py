"""Backup and restore of an embedded record: a consistent copy while serving, restored only once it verifies."""
