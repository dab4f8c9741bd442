"""The words the framework tests read: the engine's one concept vocabulary per language.

The framework concepts live beside the annotators' in ``annotate/data/concepts/<lang>.yaml``
(one vocabulary per language for the whole engine); this module only names which of them the
rule tables need and builds the concept index of an instrument.
"""

from __future__ import annotations

from coplaw.annotate.concepts import ConceptIndex, index_instrument, load
from coplaw.document import Instrument


def concept_names(language: str = "en") -> set[str]:
    """Concepts defined for ``language`` (English is the reference every rule must use)."""
    return set(load(language).patterns)


def build_index(inst: Instrument) -> ConceptIndex:
    """The concept index of ``inst`` in its language."""
    return index_instrument(inst)
