"""The township's zero-garbage campaign record, as pure domain objects.

Imports only the standard library, ``eventsourcing.domain`` and pydantic: no web framework,
no SQL, no settings and no clock. Time always arrives as an argument (see ``domain.acts``).
"""
