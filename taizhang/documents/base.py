"""What every input document shares: clean text of bounded length, dates in the era, versions, no stray fields.

One document is taken by every way in (the API's bodies, the web's forms, the command line's options,
imports), so text the API refuses is refused everywhere else too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

D = TypeVar("D", bound=BaseModel)

ISO_MOMENT = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$"
"""A moment with its zone, as a query's text (2023-06-30T18:00:00+08:00)."""
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def printable(value: str) -> str:
    """Refuse control characters and lone surrogates: they cannot be stored or shown faithfully."""
    for character in value:
        code = ord(character)
        if (code < 32 and character not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code == 0x7F:
            raise PydanticCustomError("text_control_characters", "text may not contain control characters")
    return value


def in_era(value: date) -> date:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise PydanticCustomError("date_out_of_era", "dates must lie between 2000-01-01 and 2100-12-31")
    return value


Printable = AfterValidator(printable)

Code = Annotated[str, Field(min_length=1, max_length=40), Printable]
"""A code the rules define (a deduction item, a grade, a rule version)."""
ShortName = Annotated[str, Field(min_length=1, max_length=40), Printable]
"""A person's name, a grade's or a band's."""
OptionalShortName = Annotated[str, Field(max_length=40), Printable]
Name = Annotated[str, Field(min_length=1, max_length=60), Printable]
"""A village's or a group's name, an indicator, who approved or signed."""
Label = Annotated[str, Field(min_length=1, max_length=100), Printable]
"""A label or a reference number."""
OptionalLabel = Annotated[str, Field(max_length=100), Printable]
Line = Annotated[str, Field(min_length=1, max_length=200), Printable]
"""One line: a place, a title, where a figure comes from."""
OptionalLine = Annotated[str, Field(max_length=200), Printable]
Target = Annotated[str, Field(min_length=1, max_length=500), Printable]
"""A target or duty of a responsibility letter."""
FindingNote = Annotated[str, Field(max_length=500), Printable]
Explanation = Annotated[str, Field(min_length=1, max_length=1000), Printable]
"""A reason that must be given."""
Note = Annotated[str, Field(max_length=1000), Printable]
"""A note or a reason that may be left empty."""
Description = Annotated[str, Field(min_length=1, max_length=2000), Printable]
"""What was found or done, in words."""

Day = Annotated[date, AfterValidator(in_era)]
Moment = Annotated[AwareDatetime, AfterValidator(in_era)]
Version = Annotated[int, Field(ge=0, le=2**31 - 1)]


def checked(model: type[D], values: dict[str, Any], labels: dict[str, str] | None = None) -> D:
    """``values`` as the document ``model``, or InvalidInput naming the first field at fault by its label."""
    # Imported here: the words for each fault name this module's patterns (a cycle at import time).
    from taizhang.documents.errors import first_refusal

    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise first_refusal(error.errors(), (labels or {}).get) from None


class Document(BaseModel):
    """An input document: a field it does not know is refused, never ignored.

    ``SEALED`` names fields kept only sealed (encrypted under a key that can be destroyed): nothing
    derived from them may be kept elsewhere, such as a retry key's fingerprint.
    """

    model_config = ConfigDict(extra="forbid")
    SEALED: ClassVar[frozenset[str]] = frozenset()


class VersionedCommand(Document):
    """A command on an existing resource: give the version you saw here or in ``If-Match``."""

    expected_version: Version | None = Field(None, description="the version you saw; a stale one answers 409")
