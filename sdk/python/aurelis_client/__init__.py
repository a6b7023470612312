"""The Aurelis admin API from Python, with the standard library only.

    from aurelis_client import AurelisClient

    client = AurelisClient("https://aurelis.example.com", api_key="aur-...")
    client.workspaces.share_context("engineering", {"branch": "feature/new-ui", "notes": "Dashboard work"})

Answers are ``Resource`` objects: dictionaries whose keys also read as attributes (``key.id``, ``key["id"]``).
Errors the server answers arrive as ``AurelisApiError`` with its status, type and message.
"""

from .client import AurelisClient, AurelisApiError, AurelisError, Resource, VersionConflictError

__all__ = ["AurelisClient", "AurelisApiError", "AurelisError", "Resource", "VersionConflictError"]
__version__ = "0.1.0"
