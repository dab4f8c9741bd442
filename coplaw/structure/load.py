"""Loading legislation files into instruments: read (ingest stage), then structure.

``load_paths`` never lets one bad file stop the others: each failure is reported as
(file, message) and the remaining files still load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coplaw.document import Instrument, SourceText
from coplaw.errors import CoplawError
from coplaw.ingest import read
from coplaw.structure import metadata
from coplaw.structure.parser import parse_text


@dataclass
class LoadResult:
    """Instruments that loaded, and (file, message) for each file that did not."""

    instruments: list[Instrument] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def parse_source(src: SourceText) -> Instrument:
    """Structure one reader output into an instrument: tree, schedules, metadata,
    definitions and cross-references."""
    from coplaw.structure.crossrefs import find_references
    from coplaw.structure.definitions import find_definitions
    from coplaw.structure.tree import adopt_tree

    language = src.language or metadata.detect_language(src.text)
    title = src.title or metadata.find_title(src.text) or Path(src.path).stem
    warnings = list(src.warnings)
    if src.tree:
        body, schedules = adopt_tree(src.tree)
    else:
        tree = parse_text(src.text, language)
        body, schedules = tree.body, tree.schedules
        warnings.extend(tree.warnings)
    inst = Instrument(
        id=metadata.instrument_id(src.path),
        title=title,
        file=src.path,
        format=src.format,
        language=language,
        text=src.text,
        body=body,
        schedules=schedules,
        pages=list(src.pages),
        year=metadata.find_year(title, src.text),
        status=metadata.find_status(title, src.text),
        warnings=warnings,
    )
    inst.definitions = find_definitions(inst)
    inst.references = find_references(inst)
    return inst


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and every file under directories named, each directory sorted."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*")
                              if f.is_file() and not f.name.startswith(".")))
        else:
            out.append(p)
    return out


def load_paths(paths: list[Path],
               progress: Callable[[Path, int, int], None] | None = None) -> LoadResult:
    """Read and structure every file (directories: all their files, sorted).
    ``progress(path, index, total)`` is called before each file is read."""
    from coplaw.structure.crossrefs import resolve_across

    result = LoadResult()
    files = expand([Path(p) for p in paths])
    for index, path in enumerate(files):
        if progress is not None:
            progress(path, index, len(files))
        if not path.exists():
            result.errors.append((str(path), "no such file or directory"))
            continue
        try:
            src = read(path)
            result.instruments.append(parse_source(src))
        except CoplawError as exc:
            result.errors.append((str(path), str(exc)))
        except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
            result.errors.append((str(path), f"{path}: could not be structured "
                                  f"({type(exc).__name__}: {exc})"))
    _dedupe_ids(result.instruments)
    resolve_across(result.instruments)
    return result


def _dedupe_ids(instruments: list[Instrument]) -> None:
    """Two files with the same stem (act.txt, act.xml) get distinct ids; so do three or more,
    even with the same extension in different folders (a/act.txt, b/act.txt, c/act.txt)."""
    seen: dict[str, int] = {}
    used: set[str] = set()
    for inst in instruments:
        n = seen.get(inst.id, 0)
        seen[inst.id] = n + 1
        if n:
            new = f"{inst.id}-{Path(inst.file).suffix.lstrip('.') or n + 1}"
            while new in used:
                new = f"{new}-{n + 1}"
            inst.id = new
        used.add(inst.id)
