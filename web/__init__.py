"""The township's web workspace: Chinese pages, served by the API's own process at /web."""

from web.mount import mount_web

__all__ = ["mount_web"]
