"""store stage: the only part of coplaw that knows the database.

- ``db``: where the database lives (``--db``, ``COPLAW_DB``, per-user SQLite), engine
  settings, Alembic migrations (``migrations/``) run in-process.
- ``models``: the tables. ``records``: saving assessments, carrying reviews over on
  re-assessment. ``review``: the workflow and its compare-and-set decisions.
- ``audit``: the append-only hash chain. ``batch``: resumable runs over a corpus.
- ``letters``: confirmation letters (DOCX, PDF). ``editions``: ICMEC-layout tables.
- ``dump``: JSON-lines export and import. ``commands``: the command line.
"""
