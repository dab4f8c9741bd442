"""Terminology: outdated terms in legislation, the words to use instead, and media-bound
definitions that new technology escapes (``coplaw lint`` and the ``terminology`` framework)."""
