"""web stage: the only part of coplaw that knows HTTP.

- ``app``: FastAPI pages (Jinja2 + vendored htmx) and the JSON API, sessions, CSRF, roles.
- ``accounts``: accounts with argon2 password hashes and API tokens.
- ``data``: read-only views of the store as plain dicts. ``lawtext``: evidence marked in
  the law's words. ``jobs``: background assessments of uploads.
- ``commands``: ``coplaw serve`` and ``coplaw account``.
"""
