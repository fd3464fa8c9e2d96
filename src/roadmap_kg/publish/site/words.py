"""Russian words and numbers as pages write them: plurals, dates, sizes."""

from __future__ import annotations

from datetime import date

MONTHS = "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split()
MONTHS_GENITIVE = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)
MONTHS_SHORT = "янв фев мар апр май июн июл авг сен окт ноя дек".split()


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: 1 мероприятие, 2 мероприятия, 5 мероприятий."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def events_word(n: int) -> str:
    return f"{n} {plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}"


def human_size(size: int) -> str:
    """1536 → '1,5 КБ' (binary units, Russian decimal comma)."""
    if size < 1024:
        return f"{size} Б"
    value = float(size)
    for unit in ("КБ", "МБ", "ГБ"):
        value /= 1024
        if value < 1024 or unit == "ГБ":
            break
    return f"{value:.1f} {unit}".replace(".", ",")


def thousands(n: int) -> str:
    """12345 → '12 345' (a no-break space between groups)."""
    return f"{n:,}".replace(",", "\u00a0")


def search_text(text: str) -> str:
    """How the event filter compares text: lower case, ё as е (the script does the same)."""
    return " ".join(text.lower().replace("ё", "е").split())


def natural(code: str) -> tuple[tuple[int, str], ...]:
    """Plan-item codes in reading order: 2.10 after 2.9."""
    return tuple((int(p), "") if p.isdigit() else (0, p) for p in code.split("."))


def ru_date(iso: str) -> str:
    """'2021-04-05' → '5 апреля 2021'; other text unchanged."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]} {day.year}"


def short_date(iso: str) -> str:
    """'2021-04-05' → '05.04.2021'; other text unchanged."""
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso
