"""The HTTP interface: pydantic schemas in, application calls, HTTP errors out. No rule lives here."""
