#!/usr/bin/env python3
"""Derive data/reference/regions.csv and data/reference/cities.csv.

Inputs (all under data/reference/, see data/reference/README.md):
  upstream/region.csv            DaData.ru via hflabs/region, CC BY-SA 4.0
  upstream/city.csv              DaData.ru via hflabs/city, CC BY-SA 4.0
  wikidata-federal-subjects.csv  ISO 3166-2 -> Wikidata, CC0
  wikidata-entities.csv          verified Wikidata items of the seed report, CC0

Usage:
  python tools/make_reference.py              # rewrite data/reference/{regions,cities}.csv
  python tools/make_reference.py --out DIR    # write the two files into DIR instead

Standard library only. The output is deterministic (sorted, UTF-8, LF line ends,
csv.QUOTE_MINIMAL), so re-running it must give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"

# --- slugs -----------------------------------------------------------------------------
# The application (src/roadmap_kg/ids.py) uses the same table; keep the two in step.
# Lowercase; Russian letters by this table; ASCII letters and digits stay as they are;
# any run of other characters becomes one "-"; leading/trailing "-" are stripped.
TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
ASCII_KEPT = set("abcdefghijklmnopqrstuvwxyz0123456789")


def slugify(text: str) -> str:
    """Transliterate Russian text into a lowercase ASCII slug, e.g. Смоленск -> smolensk."""
    out = []
    for ch in text.lower():
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif ch in ASCII_KEPT:
            out.append(ch)
        else:
            out.append("-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


# --- regions ---------------------------------------------------------------------------
# DaData's type abbreviation -> the type word of the output.
TYPES = {
    "Респ": "республика",
    "Чувашия": "республика",  # DaData puts "Чувашия" into the type column of Chuvashia
    "край": "край",
    "обл": "область",
    "АО": "автономный округ",
    "Аобл": "автономная область",
    "г": "город федерального значения",
}

# Full official names that do not follow "<name> <type>" / "Республика <name>".
IRREGULAR_NAMES = {
    "RU-SA": "Республика Саха (Якутия)",
    "RU-SE": "Республика Северная Осетия — Алания",
    "RU-KB": "Кабардино-Балкарская Республика",
    "RU-KC": "Карачаево-Черкесская Республика",
    "RU-UD": "Удмуртская Республика",
    "RU-CE": "Чеченская Республика",
    "RU-CU": "Чувашская Республика",
    "RU-KEM": "Кемеровская область — Кузбасс",
    "RU-KHM": "Ханты-Мансийский автономный округ — Югра",
}

# Other names in common use in running text (well-known ones only).
ALIASES = {
    "RU-AD": ["Адыгея"],
    "RU-BA": ["Башкортостан", "Башкирия"],
    "RU-BU": ["Бурятия"],
    "RU-DA": ["Дагестан"],
    "RU-IN": ["Ингушетия"],
    "RU-KB": ["Кабардино-Балкария"],
    "RU-KL": ["Калмыкия"],
    "RU-KC": ["Карачаево-Черкесия"],
    "RU-KR": ["Карелия"],
    "RU-KO": ["Коми"],
    "RU-ME": ["Марий Эл"],
    "RU-MO": ["Мордовия"],
    "RU-SA": ["Якутия"],
    "RU-SE": ["Северная Осетия"],
    "RU-TA": ["Татарстан"],
    "RU-TY": ["Тыва", "Тува"],
    "RU-UD": ["Удмуртия"],
    "RU-KK": ["Хакасия"],
    "RU-CE": ["Чечня"],
    "RU-CU": ["Чувашия", "Чувашская Республика — Чувашия"],
    "RU-KAM": ["Камчатка"],
    "RU-PRI": ["Приморье"],
    "RU-ZAB": ["Забайкалье"],
    "RU-KEM": ["Кемеровская область", "Кузбасс"],
    "RU-LEN": ["Ленобласть"],
    "RU-MOS": ["Подмосковье"],
    "RU-SMO": ["Смоленщина"],
    "RU-SPE": ["Петербург", "СПб"],
    "RU-KHM": ["Ханты-Мансийский автономный округ", "Югра", "ХМАО"],
    "RU-CHU": ["Чукотка"],
    "RU-YAN": ["Ямал", "ЯНАО"],
    "UA-43": ["Крым"],
}

# Rows of region.csv that are not federal subjects of Russia.
NOT_SUBJECTS = {"KZ-BAY"}  # Baikonur, a city leased from Kazakhstan

REGION_COLUMNS = ["iso_code", "name", "short_name", "type", "okato", "oktmo", "wikidata", "aliases"]
CITY_COLUMNS = ["key", "name", "region_iso", "okato", "oktmo", "population", "wikidata"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)


def subject_qids(src: Path) -> dict[str, str]:
    """ISO 3166-2 code -> Wikidata item of the federal subject (verified list)."""
    return {r["iso_3166_2"]: r["wikidata"] for r in read_csv(src / "wikidata-federal-subjects.csv")}


def full_region_name(iso: str, name: str, kind: str) -> str:
    if iso in IRREGULAR_NAMES:
        return IRREGULAR_NAMES[iso]
    if kind == "республика":
        return f"Республика {name}"
    if kind == "город федерального значения":
        return name
    return f"{name} {kind}"


def make_regions(src: Path) -> list[dict[str, str]]:
    wikidata = subject_qids(src)
    rows = []
    for r in read_csv(src / "upstream" / "region.csv"):
        iso = r["iso_code"]
        if iso in NOT_SUBJECTS:
            continue
        kind = TYPES[r["type"]]
        rows.append({
            "iso_code": iso,
            "name": full_region_name(iso, r["name"], kind),
            "short_name": r["name"],
            "type": kind,
            "okato": r["okato"],
            "oktmo": r["oktmo"],
            "wikidata": wikidata.get(iso, ""),
            "aliases": " | ".join(ALIASES.get(iso, [])),
        })  # fmt: skip
    return sorted(rows, key=lambda row: row["iso_code"])


# --- cities ----------------------------------------------------------------------------
def city_name(r: dict[str, str]) -> str:
    """The nominative name of the city a city.csv row describes.

    Most rows give it in `city`; towns inside another town's district (Алупка in Ялта)
    in `settlement`; centres of urban districts in `area`; the federal cities in `region`.
    """
    if r["settlement"]:
        return r["settlement"]
    if r["city"]:
        return r["city"]
    if r["area_type"] == "г":
        return r["area"]
    if r["region_type"] == "г":
        return r["region"]
    raise ValueError(f"no city name in row {r['address']!r}")


def make_cities(src: Path) -> list[dict[str, str]]:
    region_iso = {
        (r["name"], r["type"]): r["iso_code"] for r in read_csv(src / "upstream" / "region.csv")
    }
    subjects = subject_qids(src)
    city_qids = {
        r["label_ru"]: r["wikidata"]
        for r in read_csv(src / "wikidata-entities.csv")
        if r["kind"].startswith("city")
    }
    rows = []
    for r in read_csv(src / "upstream" / "city.csv"):
        iso = region_iso[(r["region"], r["region_type"])]
        name = city_name(r)
        qid = city_qids.get(name, "")
        if not qid and r["region_type"] == "г":
            # Wikidata has one item for a federal city and its federal subject.
            qid = subjects.get(iso, "")
        rows.append({
            "key": f"{iso.lower()}/{slugify(name)}",
            "name": name,
            "region_iso": iso,
            "okato": r["okato"],
            "oktmo": r["oktmo"],
            "population": r["population"],
            "wikidata": qid,
        })  # fmt: skip
    keys = [row["key"] for row in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate city keys: {duplicates}")
    return sorted(rows, key=lambda row: row["key"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REFERENCE, help="output directory")
    parser.add_argument("--src", type=Path, default=REFERENCE, help="input directory")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "regions.csv", REGION_COLUMNS, make_regions(args.src))
    write_csv(args.out / "cities.csv", CITY_COLUMNS, make_cities(args.src))


if __name__ == "__main__":
    main()
