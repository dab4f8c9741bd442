"""The annotation record every annotator gives: plain data with offsets into the text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Annotation:
    """A legal feature found in one provision: ``instrument.text[start:end]`` is its wording.

    ``kind`` names the feature (``offence``, ``material_definition``, ``technology``, ``age``,
    ``duty``, ``exemption``, ``penalty``, ``aggravation``); ``attrs`` holds what the
    annotator read from it (the acts, the object, purpose conditions, the duty-bearer, ...).
    """

    instrument: str
    provision: str
    kind: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
