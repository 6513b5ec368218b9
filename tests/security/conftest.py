"""The security suite's townships: the API's and the web's seeded ones, and one whose record holds hostile text."""

from tests.api.conftest import township
from tests.security.hostile import hostile
from tests.web.conftest import site

__all__ = ["hostile", "site", "township"]
