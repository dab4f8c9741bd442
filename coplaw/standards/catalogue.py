"""Load the standards catalogue from ``standards/data/*.yaml``, check it, and expand the crosswalk.

The YAML shape is validated by :mod:`coplaw.standards.schema`; this module adds the checks that
span items and files (unique ids, id prefixes, parents, areas, crosswalk targets) and turns every
problem into a :class:`CatalogueError` that names the file and the item, so a data typo is
reported where it is, not discovered later as a missing finding.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from coplaw.errors import CatalogueError
from coplaw.standards.schema import FRAMEWORK_IDS, Crosswalk, Framework, Item

DATA_DIR = Path(__file__).resolve().parent / "data"
CROSSWALK_FILE = "crosswalk.yaml"

# Every item id starts with its framework's prefix, so an id alone says where it belongs.
ID_PREFIXES: dict[str, str] = {
    "icmec-review": "icmec.review.",
    "icmec-model-law": "icmec.model.",
    "unicef-checklist": "unicef.",
    "itu-cop-checklist": "itu.",
    "ohchr-2015": "ohchr.",
    "guiding-principles-2024": "gp.",
    "terminology": "term.",
}

# Kinds that are useless without their structured field: the engine reads these fields.
REQUIRED_BY_KIND: dict[str, str] = {"criterion": "test", "term_rule": "terms"}


@dataclass(frozen=True)
class Link:
    """One crosswalk link from an item to an item of another framework."""

    target: str
    framework: str
    topic: str


@dataclass
class Catalogue:
    """All frameworks and items, with where each item came from and its crosswalk links."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    item_framework: dict[str, str] = field(default_factory=dict)
    item_file: dict[str, str] = field(default_factory=dict)
    crosswalk: dict[str, list[Link]] = field(default_factory=dict)

    def get(self, item_id: str) -> Item:
        """The item with this id; ``KeyError`` with a readable message if there is none."""
        try:
            return self.items[item_id]
        except KeyError:
            raise KeyError(f"no catalogue item with id {item_id!r}") from None

    def framework_of(self, item_id: str) -> str:
        return self.item_framework[item_id]

    def items_of(self, framework: str, kind: str | None = None) -> list[Item]:
        """Items of one framework in file order, optionally only one kind."""
        fw = self.frameworks[framework]
        return [i for i in fw.items if kind is None or i.kind == kind]

    def children(self, item_id: str) -> list[Item]:
        """Items whose ``parent`` is this item (model-law recommendations of a provision)."""
        return [i for i in self.items.values() if i.parent == item_id]

    def links(self, item_id: str) -> list[Link]:
        """Crosswalk links of an item, sorted by framework then id."""
        return self.crosswalk.get(item_id, [])


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Describe a pydantic error location, naming the item id when the raw data has one."""
    if len(loc) >= 2 and loc[0] in ("items", "groups") and isinstance(loc[1], int):
        entries = raw.get(loc[0]) if isinstance(raw, dict) else None
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        if loc[0] == "items":
            label = f"item {entry.get('id')!r}" if isinstance(entry, dict) and entry.get("id") \
                else f"item #{loc[1] + 1}"
        else:
            topic = entry.get("topic") if isinstance(entry, dict) else None
            label = f"group {topic!r}" if topic else f"group #{loc[1] + 1}"
        rest = ".".join(str(p) for p in loc[2:])
        return f"{label}, field {rest!r}" if rest else label
    return "field " + repr(".".join(str(p) for p in loc)) if loc else "top level"


def _explain(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        return "unknown field (typo?)"
    return str(err.get("msg", "invalid value"))


def _validation_error(path: Path, raw: Any, exc: ValidationError) -> CatalogueError:
    problems = [f"{_where(raw, tuple(e['loc']))}: {_explain(dict(e))}" for e in exc.errors()]
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return CatalogueError(f"{path.name}: {shown}{more}")


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path.name}: not valid YAML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CatalogueError(f"{path.name}: not UTF-8 text: {exc}") from exc


def _parse_framework(path: Path, raw: Any) -> Framework:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path.name}: expected a mapping with id, title, areas and items")
    try:
        fw = Framework.model_validate(raw)
    except ValidationError as exc:
        raise _validation_error(path, raw, exc) from exc
    if fw.id not in FRAMEWORK_IDS:
        raise CatalogueError(
            f"{path.name}: unknown framework id {fw.id!r} "
            f"(expected one of {', '.join(FRAMEWORK_IDS)})"
        )
    if path.stem != fw.id:
        raise CatalogueError(f"{path.name}: framework id {fw.id!r} does not match the file name")
    areas = {a.id for a in fw.areas}
    prefix = ID_PREFIXES[fw.id]
    for item in fw.items:
        if not item.id.startswith(prefix):
            raise CatalogueError(
                f"{path.name}: item {item.id!r}: id must start with {prefix!r} in framework {fw.id}"
            )
        if item.area not in areas:
            raise CatalogueError(
                f"{path.name}: item {item.id!r}: area {item.area!r} is not one of the framework's "
                f"areas ({', '.join(sorted(areas))})"
            )
        needed = REQUIRED_BY_KIND.get(item.kind)
        if needed and getattr(item, needed) is None:
            raise CatalogueError(
                f"{path.name}: item {item.id!r}: kind {item.kind!r} needs the field {needed!r}"
            )
    return fw


def _parse_crosswalk(path: Path, raw: Any) -> Crosswalk:
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path.name}: expected a mapping with a 'groups' list")
    try:
        return Crosswalk.model_validate(raw)
    except ValidationError as exc:
        raise _validation_error(path, raw, exc) from exc


def _expand_crosswalk(path: Path, walk: Crosswalk, cat: Catalogue) -> None:
    """Check each group and link every pair of its items that belong to different frameworks."""
    pairs: dict[str, dict[str, Link]] = {}
    for n, group in enumerate(walk.groups, start=1):
        label = f"group {group.topic!r} (#{n})"
        seen: set[str] = set()
        for item_id in group.items:
            if item_id not in cat.items:
                raise CatalogueError(f"{path.name}: {label}: unknown item id {item_id!r}")
            if item_id in seen:
                raise CatalogueError(f"{path.name}: {label}: item {item_id!r} listed twice")
            seen.add(item_id)
        if len({cat.item_framework[i] for i in group.items}) < 2:
            raise CatalogueError(
                f"{path.name}: {label}: all items are from one framework; a crosswalk group "
                "links items of different frameworks"
            )
        for a in group.items:
            for b in group.items:
                fa, fb = cat.item_framework[a], cat.item_framework[b]
                if a != b and fa != fb:
                    pairs.setdefault(a, {}).setdefault(b, Link(b, fb, group.topic))
    for item_id, targets in pairs.items():
        cat.crosswalk[item_id] = sorted(targets.values(), key=lambda lk: (lk.framework, lk.target))


def build_catalogue(data_dir: Path) -> Catalogue:
    """Read and check every YAML file in ``data_dir`` (uncached; see :func:`load_catalogue`)."""
    if not data_dir.is_dir():
        raise CatalogueError(f"{data_dir}: catalogue data folder not found")
    cat = Catalogue()
    files = sorted(p for p in data_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    walk_path: Path | None = None
    for path in files:
        if path.name == CROSSWALK_FILE:
            walk_path = path
            continue
        fw = _parse_framework(path, _read_yaml(path))
        if fw.id in cat.frameworks:
            raise CatalogueError(
                f"{path.name}: framework {fw.id!r} is already defined in "
                f"{cat.item_file[cat.frameworks[fw.id].items[0].id]}"
            )
        cat.frameworks[fw.id] = fw
        for item in fw.items:
            if item.id in cat.items:
                raise CatalogueError(
                    f"{path.name}: item {item.id!r}: duplicate id (already defined in "
                    f"{cat.item_file[item.id]})"
                )
            cat.items[item.id] = item
            cat.item_framework[item.id] = fw.id
            cat.item_file[item.id] = path.name
    for item_id, item in cat.items.items():
        if item.parent is not None and item.parent not in cat.items:
            raise CatalogueError(
                f"{cat.item_file[item_id]}: item {item_id!r}: unknown parent {item.parent!r}"
            )
        if item.parent == item_id:
            raise CatalogueError(f"{cat.item_file[item_id]}: item {item_id!r} is its own parent")
    if walk_path is not None:
        _expand_crosswalk(walk_path, _parse_crosswalk(walk_path, _read_yaml(walk_path)), cat)
    return cat


@lru_cache(maxsize=8)
def _cached(data_dir: Path) -> Catalogue:
    return build_catalogue(data_dir)


def load_catalogue(data_dir: Path | None = None) -> Catalogue:
    """The catalogue from ``data_dir`` (default: the package data), loaded once per folder."""
    return _cached((data_dir or DATA_DIR).resolve())


def find_sources_dir(start: Path | None = None) -> Path | None:
    """Where the standards documents are: ``COPLAW_SOURCES``, or ``shared/sources`` found beside
    the current directory or beside the project root. ``None`` when absent (they are optional)."""
    env = os.environ.get("COPLAW_SOURCES")
    if env:
        return Path(env) if Path(env).is_dir() else None
    here = (start or Path.cwd()).resolve()
    project = Path(__file__).resolve().parents[2]
    for base in (here, here.parent, project.parent):
        candidate = base / "shared" / "sources"
        if candidate.is_dir():
            return candidate
    return None


def source_lines(item: Item, sources_dir: Path) -> list[tuple[int, str]]:
    """The numbered lines an item's source pointer names (1-based, inclusive)."""
    path = sources_dir / item.source.file
    if not path.is_file():
        raise CatalogueError(f"item {item.id!r}: source file {item.source.file!r} not found in "
                             f"{sources_dir}")
    lines = path.read_text(encoding="utf-8").splitlines()
    first, last = item.source.lines
    if last > len(lines):
        raise CatalogueError(
            f"item {item.id!r}: lines {first}-{last} are beyond the end of {item.source.file} "
            f"({len(lines)} lines)"
        )
    return [(n, lines[n - 1]) for n in range(first, last + 1)]
