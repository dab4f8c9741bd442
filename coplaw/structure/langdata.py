"""Reading the per-language data files of the structure stage (headings, definitions,
cross-references): each is a YAML mapping of language codes to blocks of one schema, and a bad
file or block must be reported with the file and the language it is in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from coplaw.errors import CoplawError

M = TypeVar("M", bound=BaseModel)


def read_mapping(path: Path, error: type[CoplawError], what: str = "") -> dict[str, Any]:
    """The YAML mapping in ``path`` (empty for an empty file); ``error`` names the file."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise error(f"{path}: cannot read{' ' + what if what else ''}: {exc}") from exc
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise error(f"{path}: expected a mapping of language codes")
    return raw


def language_blocks(
    path: Path, raw: dict[str, Any], model: type[M], error: type[CoplawError]
) -> dict[str, M]:
    """Each language's block validated against ``model``; errors name file and language."""
    out: dict[str, M] = {}
    for code, body in raw.items():
        try:
            out[code] = model.model_validate(body)
        except ValidationError as exc:
            raise error(f"{path}: language {code!r}: {exc}") from exc
    return out


def with_english(language: str, known: Iterable[str]) -> list[str]:
    """The known codes of a language tag ("es", "fr+en"), plus English when it is not one of
    them: English-style quoted wording turns up in translations and mixed texts too."""
    known = set(known)
    codes = [c for c in language.replace("+", " ").split() if c in known]
    if "en" not in codes:
        codes.append("en")
    return codes
