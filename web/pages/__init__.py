"""One module per page (or per group of forms on one page)."""
