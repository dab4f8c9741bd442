"""The one error the web application answers with: an HTTP status and a message for people."""

from __future__ import annotations


class WebError(Exception):
    """An HTTP error with a message for the user (pages show it, the API returns it)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
