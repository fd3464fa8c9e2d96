"""The fix-list's Russian: for each kind of extraction warning (model.Problem), what is wrong
and how the report's authors can fix it, as a reviewer reads them in one table.

Texts are templates: `{name}` is filled from the warning's details (and `{cell}` from the
text it concerns). Only Russian here: the English of a warning is its message, for the
command line.
"""

from __future__ import annotations

from ..model import Problem, Warning_
from .dates import REASONS_RU

# problem → (что не так, как исправить)
FIXES: dict[Problem, tuple[str, str]] = {
    "file-format": (
        "содержимое файла — {format_ru}, а расширение {extension} говорит о другом; файл "
        "прочитан как {format_ru}",
        "сохраните файл с расширением, которое соответствует его формату",
    ),
    "plan-item-number": (
        "в ячейке {cell_ref} номер пункта плана записан числом, а не текстом; прочитан как "
        "«{read}»{guess_ru}",
        "задайте ячейкам столбца номеров пунктов текстовый формат и введите номера заново",
    ),
    "plan-item-date": (
        "в ячейке {cell_ref} номер пункта плана Excel превратил в дату; прочитан как «{read}»",
        "задайте ячейкам столбца номеров пунктов текстовый формат и введите номера заново",
    ),
    "plan-item-inherited": (
        "номер пункта плана не указан; взят из строки выше ({items})",
        "укажите номер пункта плана в этой строке",
    ),
    "cells-outside-table": (
        "ячейка {cell_ref} (и других заполненных ячеек вне таблицы: {others}) стоит вне "
        "столбцов таблицы {columns} и не прочитана",
        "перенесите этот текст в столбцы таблицы или удалите его",
    ),
    "reporting-region-unknown": (
        "не удалось определить, какой регион составил отчёт: ни заголовок, ни разделы, ни "
        "ответственные исполнители, ни организаторы не называют одну из сторон",
        "назовите в заголовке орган, составивший отчёт, например «Отчёт Комитета по внешним "
        "связям Санкт-Петербурга о …»",
    ),
    "date-unreadable": (
        "дата не распознана{reason_ru}; сохранена как текст, границы — весь {year} год",
        "укажите дату в виде «12 марта 2021 г.» или «12.03.2021», период — «12–14 марта "
        "2021 г.», месяц — «март 2021 г.», квартал — «II квартал 2021 г.»",
    ),
    "organisation-ambiguous": (
        "организация с таким названием есть у обеих сторон; принята за «{name}» (сторону, "
        "составившую отчёт)",
        "добавьте к названию организации регион, к которому она относится",
    ),
    "organisation-not-in-authority": (
        "организация не найдена в справочнике; опубликована под собственным адресом {key}",
        "проверьте, что название написано полностью и без опечаток, как в уставе организации; "
        "если оно верное, организацию добавят в справочник",
    ),
    "organisation-unplaced": (
        "место не определено: организации нет в справочнике, а ни её название, ни город рядом "
        "с ней, ни вышестоящая организация не говорят, где она находится",
        "укажите город рядом с названием организации, например «… (г. Казань)»",
    ),
    "count-ambiguous": (
        "число участников указано неоднозначно ({doubt_ru}: {numbers}); принято {taken}",
        "укажите одно общее число участников, например «всего 35 человек, в том числе "
        "30 студентов и 5 преподавателей»",
    ),
    "shacl-warning": (
        "проверка данных по формам SHACL ({path}) предупреждает: {message}",
        "исправьте в отчёте то, о чём говорит проверка; если отчёт верен, сообщите об этом "
        "публикатору набора",
    ),
}

# The formats read/__init__.py names, as the Russian texts name them.
FORMATS_RU = {
    "text": "текст (.txt)",
    "docx": "документ Word (.docx)",
    "odt": "документ OpenDocument (.odt)",
    "xlsx": "таблица Excel (.xlsx)",
    "doc": "документ Word 97–2003 (.doc)",
    "pdf": "документ PDF",
}


# CountDoubt.reason, as the Russian texts name it
_DOUBTS_RU = {"range": "указан диапазон", "several": "названо несколько чисел без общего итога"}


class _Values(dict[str, str]):
    """A template's values: a detail a warning lacks reads as nothing rather than failing
    the release (tests/test_fixlist.py builds every kind from real warnings)."""

    def __missing__(self, key: str) -> str:
        return ""


def fix_texts(warning: Warning_) -> tuple[str, str]:
    """What is wrong and how to fix it, in Russian, with the warning's specifics."""
    what, fix = FIXES[warning.problem]
    values = _Values(cell=warning.cell, **dict(warning.details))
    if "reason" in values:
        reason = REASONS_RU[values["reason"]]
        values["reason_ru"] = f" ({reason})" if reason else ""
    if warning.problem == "plan-item-number":  # Excel drops a last zero: 1.10 shows 1.1
        guess = values.get("guess")
        values["guess_ru"] = (
            f" (не «{guess}» ли? Excel отбрасывает последний ноль)" if guess else ""
        )
    if "numbers" in values:
        values["doubt_ru"] = _DOUBTS_RU[values["doubt"]]
    if "format" in values:
        values["format_ru"] = FORMATS_RU.get(values["format"], values["format"])
    if "key" in values:
        values["key"] = f"org/{values['key']}"
    return what.format_map(values), fix.format_map(values)
