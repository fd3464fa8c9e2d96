"""The Russian open-data passport of a release: meta.csv, the data file and its structure file.

Russian portals (data.gov.ru and the regional ones) harvest open data by the rules of the
«Методические рекомендации по публикации открытых данных государственными органами и органами
местного самоуправления, а также технические требования к публикации открытых данных
(версия 3.0)»: a folder named <owner INN>-<code> holds

* meta.csv, the passport (rows `property,value` in a fixed vocabulary);
* data-<version>-structure-<version>.csv, the data, named by its own version and the version
  of the structure it follows;
* structure-<version>.csv, which describes the data's columns in English and Russian.

Here the data file is a byte copy of events.csv, so the passport and the linked-data release
can never disagree, and its report text is kept from running as a spreadsheet formula as
events.csv's is (publish/formulas.py). In meta.csv the report titles of the provenance go
through the same rule; the publisher's own values (a phone number +7 …) are written as given,
for the portals that harvest them. Versions and dates come from data/release.toml (never the
clock), so the same input gives byte-identical files.
"""

from __future__ import annotations

import calendar
import csv
import io
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import ConfigError
from .config import ReleaseConfig
from .downloads import COLUMNS, MULTI_VALUED, SEPARATOR
from .formulas import inert_cell
from .model import Release

STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
META_FILE = "meta.csv"
EVENTS_FILE = "events.csv"  # the data file is a byte copy of it

# How long a release stays current ("valid" in meta.csv), by its EU frequency code: the next
# release is due one update period after the last change.
PERIOD_MONTHS = {
    "ANNUAL_2": 6,
    "ANNUAL_3": 4,
    "QUARTERLY": 3,
    "BIMONTHLY": 2,
    "MONTHLY": 1,
    "ANNUAL": 12,
    "BIENNIAL": 24,
    "TRIENNIAL": 36,
}

# The Russian description of every column of events.csv, for the structure file (the English
# ones are the CSVW descriptions in downloads.COLUMNS).
RUSSIAN_DESCRIPTIONS = {
    "iri": "IRI мероприятия",
    "name": "Наименование мероприятия",
    "kind": "Вид мероприятия (skos:notation понятия rm:EventKind)",
    "start": "Самая ранняя дата, когда мероприятие могло начаться (включительно)",
    "end": "Самая поздняя дата, когда мероприятие могло закончиться (включительно)",
    "precision": (
        "Точность дат: day (день), month (месяц), quarter (квартал), half-year (полугодие), "
        "year (год), period (весь отчетный период), unknown (не определена)"
    ),
    "date_text": "Дата в том виде, в каком она записана в отчете",
    "attendance": "Формат проведения: online (дистанционно), offline (очно), mixed (смешанный)",
    "venue": "Места проведения (здания, площадки принимающих организаций)",
    "city": "Города, в которых находятся места проведения",
    "region": "Субъекты Российской Федерации, в которых находятся места проведения",
    "hosts": "Организации, на площадке которых проведено мероприятие",
    "organizers": "Организаторы мероприятия",
    "participants": "Организации, принявшие участие в мероприятии",
    "sponsors": "Организации, оказавшие поддержку мероприятию",
    "participant_count": "Число участников",
    "visitor_count": "Число посетителей",
    "delegation_size": "Число участников от субъекта Российской Федерации, представившего отчет",
    "region_count": "Число регионов, из которых прибыли участники",
    "count_qualifier": (
        "Уточнение к числам: более, около, не менее, не более (числа указывают границу)"
    ),
    "plan_items": "Номера пунктов плана мероприятий «дорожной карты»",
    "responsible_body": "Орган власти, ответственный за исполнение пункта плана",
    "theme": "Тематический раздел отчета, к которому относится мероприятие",
    "roadmap": "IRI «дорожной карты»",
    "report_year": "Отчетный год",
    "reporting_region": "Субъект Российской Федерации, органы которого подготовили отчет",
    "source": "Файл отчета и номера строк (или строк таблицы), из которых взяты сведения",
}

# CSVW datatypes of events.csv → the formats a structure file names.
FORMATS = {
    "anyURI": "anyURI",
    "string": "string",
    "date": "date",
    "nonNegativeInteger": "integer",
    "gYear": "integer",
}

STRUCTURE_HEADER = ("field name", "english description", "russian description", "format")


def version(day: date) -> str:
    """A version stamp as the recommendations write it in file names: 20220301T0000."""
    return f"{day:%Y%m%d}T0000"


def data_file_name(config: ReleaseConfig) -> str:
    """data-<data version>-structure-<structure version>.csv; both are the modified date."""
    stamp = version(config.modified)
    return f"data-{stamp}-structure-{stamp}.csv"


def structure_file_name(config: ReleaseConfig) -> str:
    return f"structure-{version(config.modified)}.csv"


def passport_identifier(config: ReleaseConfig) -> str:
    """The set's code on Russian portals: the owner's taxpayer number, then the set's name."""
    return f"{config.owner_inn}-{config.identifier}"


def valid_until(config: ReleaseConfig) -> date:
    """The day the release stops being current: one update period after its last change."""
    try:
        months = PERIOD_MONTHS[config.accrual_periodicity]
    except KeyError:
        raise ConfigError(
            f"accrual_periodicity {config.accrual_periodicity!r} gives no date until which the "
            f"passport is valid; use one of {', '.join(sorted(PERIOD_MONTHS))}"
        ) from None
    month0 = config.modified.month - 1 + months
    year, month = config.modified.year + month0 // 12, month0 % 12 + 1
    # 31 March + 6 months → 30 September; 29 February + 1 year → 28 February
    day = min(config.modified.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def provenance(release: Release) -> str:
    """What the data was made from: the reports, by title and file."""
    sources = "; ".join(f"«{r.title}» (файл {r.source_file})" for r in release.reports)
    return (
        "Сведения извлечены программой roadmap-kg из отчетов об исполнении планов мероприятий "
        f"(«дорожных карт»): {sources}."
    )


def meta_rows(release: Release) -> list[tuple[str, str]]:
    """The passport's rows, in the order of the recommendations' table of properties."""
    config = release.config
    data, structure = data_file_name(config), structure_file_name(config)
    return [
        ("standardversion", STANDARD_VERSION),
        ("identifier", passport_identifier(config)),
        ("title", config.title_ru),
        ("description", config.description_ru),
        ("creator", config.publisher_name_ru),
        ("publishername", config.contact_name),
        ("publisherphone", config.contact_phone),
        ("publishermbox", config.contact_email),
        ("format", "csv"),
        # the recommendations give the hyperlink of each file, not only its name
        (data.removesuffix(".csv"), config.landing_page + data),
        (structure.removesuffix(".csv"), config.landing_page + structure),
        ("created", f"{config.issued:%Y%m%d}"),
        ("modified", f"{config.modified:%Y%m%d}"),
        ("provenance", inert_cell(provenance(release))),
        ("valid", f"{valid_until(config):%Y%m%d}"),
        ("subject", ", ".join(config.keywords)),
    ]


def structure_rows() -> list[tuple[str, str, str, str]]:
    """One row per column of events.csv, in its order."""
    rows = []
    for name, _title, datatype, english in COLUMNS:
        try:
            russian = RUSSIAN_DESCRIPTIONS[name]
        except KeyError:
            raise KeyError(
                f"events.csv column {name!r} has no Russian description in passport.py"
            ) from None
        if name in MULTI_VALUED:
            english += f" (several values are separated by '{SEPARATOR}')"
            russian += f" (несколько значений разделяются знаком «{SEPARATOR.strip()}»)"
        rows.append((name, english, russian, FORMATS[datatype]))
    return rows


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """UTF-8 without BOM, comma-separated, quoted only where needed, CRLF as events.csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def write_passport(release: Release, folder: Path, files: list[Path]) -> list[Path]:
    """Write meta.csv, the data file (a copy of events.csv from files) and the structure file
    into folder; return their paths in that order."""
    events = [path for path in files if path.name == EVENTS_FILE]
    if not events:
        raise ValueError(f"the passport needs {EVENTS_FILE} among the release's files")
    meta = folder / META_FILE
    data = folder / data_file_name(release.config)
    structure = folder / structure_file_name(release.config)
    shutil.copyfile(events[0], data)
    _write_csv(structure, STRUCTURE_HEADER, structure_rows())
    _write_csv(meta, ("property", "value"), meta_rows(release))
    return [meta, data, structure]
