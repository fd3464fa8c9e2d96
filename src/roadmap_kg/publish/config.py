"""The release's catalogue metadata, read from data/release.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ConfigError


@dataclass(frozen=True)
class ReleaseConfig:
    identifier: str
    title_ru: str
    title_en: str
    description_ru: str
    description_en: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]  # EU data-theme codes
    license: str
    issued: date
    modified: date
    accrual_periodicity: str  # EU frequency code
    landing_page: str
    owner_inn: str
    publisher_name_ru: str
    publisher_name_en: str
    publisher_homepage: str
    contact_name: str
    contact_email: str
    contact_phone: str
    # which release this is ("2022.1"): dcat:version, and the last segment of the dataset's
    # IRI, so each release's dataset has an IRI of its own that the next one can point at
    version: str | None = None

    @property
    def dataset_iri(self) -> str:
        """The dataset's IRI: <landing page>dataset/<version>, one per release (without a
        version, <landing page>dataset)."""
        landing = self.landing_page if self.landing_page.endswith("/") else self.landing_page + "/"
        return landing + "dataset" + (f"/{self.version}" if self.version else "")

    @property
    def release_name(self) -> str:
        """What names this release in IRIs: its version, else its date."""
        return self.version or self.modified.isoformat()


# A version is one segment of an IRI path: letters, digits, '.', '_' and '-'.
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")


def _version(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        raise ValueError(
            f"version {value!r} is not letters, digits, '.', '_' or '-' (e.g. \"2022.1\")"
        )
    return value


def load_config(path: Path) -> ReleaseConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        dataset, publisher, contact = data["dataset"], data["publisher"], data["contact"]
        return ReleaseConfig(
            identifier=dataset["identifier"],
            title_ru=dataset["title_ru"],
            title_en=dataset["title_en"],
            description_ru=" ".join(dataset["description_ru"].split()),
            description_en=" ".join(dataset["description_en"].split()),
            keywords=tuple(dataset["keywords"]),
            themes=tuple(dataset["themes"]),
            license=dataset["license"],
            issued=date.fromisoformat(dataset["issued"]),
            modified=date.fromisoformat(dataset["modified"]),
            accrual_periodicity=dataset["accrual_periodicity"],
            landing_page=dataset["landing_page"],
            owner_inn=dataset["owner_inn"],
            publisher_name_ru=publisher["name_ru"],
            publisher_name_en=publisher["name_en"],
            publisher_homepage=publisher["homepage"],
            contact_name=contact["name"],
            contact_email=contact["email"],
            contact_phone=contact["phone"],
            version=_version(dataset.get("version")),
        )
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the release configuration ({exc.strerror})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except KeyError as exc:
        raise ConfigError(f"{path}: missing setting {exc.args[0]!r}") from None
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
