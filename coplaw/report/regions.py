"""UN M49 regions of every country, and country names <-> ISO alpha-3 codes.

The table ``data/m49_regions.csv`` lists each ISO 3166 country or area with its numeric code,
region, sub-region and (for Africa south of the Sahara and Latin America) intermediate region.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from coplaw.errors import CoplawError

DATA = Path(__file__).resolve().parent / "data"
REGIONS_FILE = DATA / "m49_regions.csv"
REGION_ORDER = ("Africa", "Americas", "Asia", "Europe", "Oceania")
NO_REGION = "Unknown region"

# Names seen in review tables that differ from the short names of the M49 table.
_ALIASES = {
    "united states of america": "USA",
    "usa": "USA",
    "united kingdom of great britain and northern ireland": "GBR",
    "uk": "GBR",
    "russian federation": "RUS",
    "turkey": "TUR",
    "ivory coast": "CIV",
    "cote divoire": "CIV",
    "czech republic": "CZE",
    "holy see": "VAT",
    "holy see vatican city": "VAT",
    "vatican city": "VAT",
    "korea republic of": "KOR",
    "republic of korea": "KOR",
    "korea south": "KOR",
    "korea north": "PRK",
    "democratic peoples republic of korea": "PRK",
    "dprk": "PRK",
    "lao pdr": "LAO",
    "lao peoples democratic republic": "LAO",
    "viet nam": "VNM",
    "syrian arab republic": "SYR",
    "iran islamic republic of": "IRN",
    "bolivia plurinational state of": "BOL",
    "venezuela bolivarian republic of": "VEN",
    "tanzania united republic of": "TZA",
    "united republic of tanzania": "TZA",
    "moldova republic of": "MDA",
    "republic of moldova": "MDA",
    "congo democratic republic of the": "COD",
    "democratic republic of the congo": "COD",
    "congo republic of the": "COG",
    "republic of the congo": "COG",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "burma": "MMR",
    "myanmar": "MMR",
    "cape verde": "CPV",
    "cabo verde": "CPV",
    "east timor": "TLS",
    "timorleste": "TLS",
    "micronesia federated states of": "FSM",
    "micronesia": "FSM",
    "palestine state of": "PSE",
    "state of palestine": "PSE",
    "brunei darussalam": "BRN",
    "the bahamas": "BHS",
    "the gambia": "GMB",
    "gambia the": "GMB",
    "sao tome and principe": "STP",
    "st kitts and nevis": "KNA",
    "st lucia": "LCA",
    "st vincent and the grenadines": "VCT",
}


@dataclass(frozen=True)
class Country:
    alpha3: str
    numeric: str
    name: str
    region: str
    sub_region: str
    intermediate_region: str

    @property
    def group(self) -> str:
        """The most specific M49 grouping (intermediate region, else sub-region)."""
        return self.intermediate_region or self.sub_region


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", "", plain.lower().replace("&", "and").replace("-", "")).strip()


@lru_cache(maxsize=2)
def load_countries(path: Path = REGIONS_FILE) -> dict[str, Country]:
    """alpha-3 -> country; every row is checked so a data typo names its line."""
    out: dict[str, Country] = {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            for lineno, row in enumerate(reader, start=2):
                code = (row.get("alpha3") or "").strip()
                region = (row.get("region") or "").strip()
                if not re.fullmatch(r"[A-Z]{3}", code) or region not in REGION_ORDER:
                    raise CoplawError(f"{path}:{lineno}: bad alpha-3 {code!r} or region {region!r}")
                if code in out:
                    raise CoplawError(f"{path}:{lineno}: {code} listed twice")
                out[code] = Country(code, row["numeric"].strip(), row["name"].strip(), region,
                                    row["sub_region"].strip(), row["intermediate_region"].strip())
    except OSError as exc:
        raise CoplawError(f"{path}: cannot read the M49 region table: {exc}") from exc
    return out


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    names = {_key(c.name): c.alpha3 for c in load_countries().values()}
    names.update(_ALIASES)
    return names


def code_for(country: str) -> str | None:
    """The alpha-3 code of a country given by code or by name, or None when unknown."""
    text = country.strip()
    if re.fullmatch(r"[A-Za-z]{3}", text) and text.upper() in load_countries():
        return text.upper()
    return _names().get(_key(text))


def country(code: str) -> Country | None:
    return load_countries().get(code.upper())


def region_of(code: str | None) -> str:
    found = country(code) if code else None
    return found.region if found else NO_REGION


def by_numeric() -> dict[str, str]:
    """ISO numeric (three digits) -> alpha-3."""
    return {c.numeric: c.alpha3 for c in load_countries().values() if c.numeric}
