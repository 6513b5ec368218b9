"""Printable Excel workbooks of the assessment's figures: pure functions from computed objects to bytes."""
