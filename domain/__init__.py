"""The township's zero-garbage campaign record, as pure domain objects.

Imports only the standard library, ``eventsourcing.domain`` and pydantic: no web framework,
no SQL, no settings and no clock. Time always arrives as an argument (see ``domain.acts``).

An aggregate's state is set by its events' ``apply`` and declared under ``if TYPE_CHECKING`` at the
top of the class: eventsourcing turns an aggregate class with annotations into a dataclass whose
constructor takes them, which these aggregates (created by their own ``Created`` events) must not be.
"""
