#!/usr/bin/env python3
"""Generate the rule-made rows of data/reference/place-adjectives.csv.

The table maps the lemma of a place adjective (masculine nominative singular, lower case,
"ё" written "е") to the place it names: a city key of cities.csv or an ISO code of
regions.csv ("казанский" -> ru-ta/kazan, "югорский" -> RU-KHM). See data/reference/README.md.

Rows with status `reviewed` or `ambiguous` were written by hand and are kept as they are;
this script never changes them. It re-derives the rest from cities.csv and regions.csv:

  * every city gets an adjective by the suffix rules below (Рославль -> рославльский,
    Химки -> химкинский, Нижний Тагил -> нижнетагильский) or by IRREGULAR (Тверь ->
    тверской); a city already placed by a reviewed row gets none;
  * a region whose short name is an adjective gets its masculine form (Смоленская ->
    смоленский);
  * candidates that share an adjective are merged: a region gives way to a city in it; two
    or more cities of one region give the region; places that do not contain each other
    give an `ambiguous` row whose note starts with "rule: " and names them;
  * a city whose name is itself an adjective (Мирный, Советский) gives an `ambiguous`
    "rule: " row: the word is a common one;
  * an adjective that a hand row already has is dropped (the hand row wins).

Rule-made rows have status `generated` (or `ambiguous` with a note starting "rule: ");
they are recomputed on every run, so do not edit them: to correct one, add a hand row for
the adjective (`reviewed` or `ambiguous`, a note not starting with "rule: "), or fix the
city's form in IRREGULAR. pymorphy3 checks that the extraction's lemmatiser turns the
adjective's case forms back into the adjective; a generated row where it does not says so
in its note, a hand row where it does not is reported on stderr.

Usage (with the project's venv, which has pymorphy3):
  .venv/bin/python tools/make_place_adjectives.py           # rewrite the CSV
  .venv/bin/python tools/make_place_adjectives.py --check   # exit 1 if it is not up to date

Deterministic: sorted by adjective then place, UTF-8, LF line ends, csv.QUOTE_MINIMAL; a
second run gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import pymorphy3

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "reference"
TABLE = "place-adjectives.csv"
COLUMNS = ["adjective", "place", "status", "note"]
HAND = {"reviewed", "ambiguous"}
RULE = "rule: "

# --- irregular forms -------------------------------------------------------------------
# City key -> its adjective where the suffix rules give a wrong form, or None for no row.
# These are generated rows like the rest (not checked one by one against sources).
IRREGULAR: dict[str, str | None] = {
    "ru-alt/gornyak": "горняцкий",
    "ru-ark/koryazhma": "коряжемский",
    "ru-ark/mirnyy": "мирнинский",
    "ru-ark/nyandoma": "няндомский",
    "ru-ark/onega": "онежский",
    "ru-bel/korocha": "корочанский",
    "ru-bry/klintsy": "клинцовский",
    "ru-bry/unecha": "унечский",
    "ru-bry/zlynka": "злынковский",
    "ru-ce/kurchaloy": "курчалоевский",
    "ru-cu/mariinskiy-posad": "мариинско-посадский",
    "ru-da/dagestanskie-ogni": "дагогнинский",
    "ru-da/kizilyurt": "кизилюртовский",
    "ru-in/sunzha": "сунженский",
    "ru-irk/bodaybo": "бодайбинский",
    "ru-irk/usole-sibirskoe": "усольский",
    "ru-irk/zima": "зиминский",
    "ru-iva/gavrilov-posad": "гаврилово-посадский",
    "ru-iva/kineshma": "кинешемский",
    "ru-iva/kokhma": "кохомский",
    "ru-iva/vichuga": "вичугский",
    "ru-iva/yuzha": "южский",
    "ru-kb/terek": "терский",
    "ru-kda/anapa": "анапский",
    "ru-kda/goryachiy-klyuch": "горячеключевской",
    "ru-kem/myski": "мысковский",
    "ru-kgn/shchuche": "щучанский",
    "ru-khm/pokachi": "покачевский",
    "ru-kir/luza": "лузский",
    "ru-kir/vyatskie-polyany": "вятскополянский",
    "ru-kk/abaza": "абазинский",
    "ru-klu/ruza": "рузский",
    "ru-klu/tarusa": "тарусский",
    "ru-kr/kostomuksha": "костомукшский",
    "ru-kr/lakhdenpokhya": "лахденпохский",
    "ru-kr/pitkyaranta": "питкярантский",
    "ru-kr/segezha": "сегежский",
    "ru-kr/sortavala": "сортавальский",
    "ru-kr/suoyarvi": "суоярвский",
    "ru-krs/shchigry": "щигровский",
    "ru-krs/sudzha": "суджанский",
    "ru-len/otradnoe": "отрадненский",
    "ru-mos/dolgoprudnyy": "долгопрудненский",
    "ru-mos/ozery": "озерский",
    "ru-mos/pavlovskiy-posad": "павлово-посадский",
    "ru-mos/ruza": "рузский",
    "ru-mur/kandalaksha": "кандалакшский",
    "ru-mur/kola": "кольский",
    "ru-ngr/soltsy": "солецкий",
    "ru-ngr/velikiy-novgorod": "новгородский",
    "ru-niz/balakhna": "балахнинский",
    "ru-niz/kulebaki": "кулебакский",
    "ru-niz/shakhunya": "шахунский",
    "ru-niz/vyksa": "выксунский",
    "ru-niz/zavolzhe": "заволжский",
    "ru-nvs/bolotnoe": "болотнинский",
    "ru-orl/livny": "ливенский",
    "ru-orl/orel": "орловский",
    "ru-per/chernushka": "чернушинский",
    "ru-per/chusovoy": "чусовской",
    "ru-per/kizel": "кизеловский",
    "ru-per/lysva": "лысьвенский",
    "ru-per/nytva": "нытвенский",
    "ru-pnz/gorodishche": "городищенский",
    "ru-pri/artem": "артемовский",
    "ru-psk/dno": "дновский",
    "ru-psk/novosokolniki": "новосокольнический",
    "ru-psk/opochka": "опочецкий",
    "ru-psk/velikie-luki": "великолукский",
    "ru-rya/spas-klepiki": "спас-клепиковский",
    "ru-sa/mirnyy": "мирнинский",
    "ru-sa/udachnyy": "удачнинский",
    "ru-sak/aniva": "анивский",
    "ru-sam/otradnyy": "отрадненский",
    "ru-sar/marks": "марксовский",
    "ru-se/digora": "дигорский",
    "ru-sta/blagodarnyy": "благодарненский",
    "ru-sta/izobilnyy": "изобильненский",
    "ru-sta/mineralnye-vody": "минераловодский",
    "ru-sve/nizhnyaya-tura": "нижнетуринский",
    "ru-sve/sukhoy-log": "сухоложский",
    "ru-sve/verkhnyaya-tura": "верхнетуринский",
    "ru-sve/verkhoture": "верхотурский",
    "ru-ta/tetyushi": "тетюшский",
    "ru-tul/uzlovaya": "узловский",
    "ru-tve/tver": "тверской",
    "ru-tve/udomlya": "удомельский",
    "ru-tve/vyshniy-volochek": "вышневолоцкий",
    "ru-vgg/kalach-na-donu": "калачевский",
    "ru-vgg/petrov-val": None,
    "ru-vla/melenki": "меленковский",
    "ru-vla/petushki": "петушинский",
    "ru-vla/sudogda": "судогодский",
    "ru-vlg/totma": "тотемский",
    "ru-vlg/ustyuzhna": "устюженский",
    "ru-vlg/vytegra": "вытегорский",
    "ru-vor/kalach": "калачеевский",
    "ru-vor/rossosh": "россошанский",
    "ru-vor/semiluki": "семилукский",
    "ru-yev/obluche": "облученский",
    "ua-43/saki": "сакский",
}  # fmt: skip

# First words of two-word names -> the combining form used in the adjective
# (Старый Оскол -> старооскольский, Нижняя Тура -> нижнетуринский).
COMBINING = {
    "нижний": "нижне", "нижняя": "нижне", "нижние": "нижне",
    "верхний": "верхне", "верхняя": "верхне", "верхние": "верхне",
    "новый": "ново", "новая": "ново", "старый": "старо", "старая": "старо",
    "великий": "велико", "великие": "велико", "белый": "бело", "белая": "бело",
    "красный": "красно", "малая": "мало", "большой": "больше", "сосновый": "сосново",
    "полярные": "полярно", "советская": "советско", "западная": "западно",
    "набережные": "набережно", "лодейное": "лодейно",
}  # fmt: skip

VOWELS = set("аеёиоуыэюя")
TYPE_WORDS = {"область", "республика", "автономный", "округ"}
ADJ_END = re.compile(r"(?:[^аеёиоуыэюя][ыи]й|ской|цкой)$")


def _e(text: str) -> str:
    return text.lower().replace("ё", "е")


def word_adjective(word: str) -> str:
    """The relative adjective of a one-word place name by the usual suffix rules."""
    w = _e(word)
    if ADJ_END.search(w):
        return w
    if w.endswith(("ск", "цк")):  # Томск -> томский, Липецк -> липецкий
        return w + "ий"
    if w.endswith("ль"):  # Рославль -> рославльский, Каргополь -> каргопольский
        return w + "ский"
    if w.endswith("ь"):  # Казань -> казанский, Тюмень -> тюменский
        return w[:-1] + "ский"
    if w.endswith("ц"):  # Елец -> елецкий
        return w + "кий"
    if w.endswith("л"):  # Барнаул -> барнаульский
        return w + "ьский"
    if w.endswith("ст"):  # Асбест -> асбестовский, Пласт -> пластовский
        return w + "овский"
    if w.endswith("сс"):  # Миасс -> миасский
        return w + "кий"
    if w.endswith("й"):  # Урай -> урайский, Джанкой -> джанкойский
        return w + "ский"
    if w[-1] not in VOWELS:  # Саратов -> саратовский, Воронеж -> воронежский
        return w + "ский"
    stem, last = w[:-1], w[-1]
    if last == "э":  # Удэ -> удэнский
        return w + "нский"
    if last in "уюё":  # Кумертау -> кумертауский
        return w + "ский"
    if last in "ое":
        if w.endswith("ское"):  # Раменское -> раменский
            return w[:-4] + "ский"
        if w.endswith("ное"):  # Видное -> видновский
            return w[:-2] + "овский"
        if w.endswith(("ое", "ее")):  # Бологое -> бологовский
            return w[:-2] + "овский"
        if w.endswith("лье"):  # Усолье -> усольский
            return w[:-2] + "ьский"
        if w.endswith("ье"):  # Подпорожье -> подпорожский
            return w[:-2] + "ский"
        if w.endswith(("цо", "ко")):  # Сельцо -> сельцовский, Муравленко -> муравленковский
            return w[:-1] + "овский"
        if last == "е":  # Туапсе -> туапсинский
            return stem + "инский"
        if stem[-1] in VOWELS:
            return w + "нский"
        if w.endswith("но") and stem[-2] not in VOWELS:  # Тосно -> тосненский
            return stem + "енский"
        return stem + "ский"  # Иваново -> ивановский, Бабаево -> бабаевский
    if last in "ыи":
        if w.endswith("ники"):  # Березники -> березниковский
            return stem + "овский"
        if w.endswith("ицы"):  # Бронницы -> бронницкий
            return w[:-1] + "кий"
        if w.endswith("цы"):  # Клинцы -> клинцовский
            return stem + "овский"
        if w.endswith("ичи"):  # Сухиничи -> сухиничский
            return stem + "ский"
        if w.endswith("йки"):  # Валуйки -> валуйский
            return w[:-2] + "ский"
        if w.endswith(("ры", "ты", "ны")):  # Кимры -> кимрский, Апатиты -> апатитский
            return stem + "ский"
        return stem + "инский"  # Химки -> химкинский, Сочи -> сочинский
    if last == "я":
        if w.endswith("ия"):  # Феодосия -> феодосийский
            return stem + "йский"
        if stem[-1] in VOWELS:  # Шуя -> шуйский, Зея -> зейский
            return stem + "йский"
        if w.endswith("ня") and stem[-2] not in VOWELS:  # Лобня -> лобненский
            return stem[:-1] + "ненский"
        return stem + "инский"  # Шарья -> шарьинский
    # last == "а"
    if re.search(r"[уео]га$", w):  # Калуга -> калужский, Онега -> онежский
        return w[:-2] + "жский"
    if re.search(r"[аеиоуы]ра$", w):  # Печора -> печорский
        return stem + "ский"
    if re.search(r"[аеиоуы]ма$", w):  # Чухлома -> чухломский
        return stem + "ский"
    if re.search(r"[аеиоуы]на$", w):  # Гатчина -> гатчинский
        return stem + "ский"
    if w.endswith(("на", "за")):  # Дубна -> дубненский, Пенза -> пензенский
        return stem + "енский"
    if w.endswith("ица"):  # Старица -> старицкий
        return stem + "кий"
    if w.endswith("сса"):  # Русса -> русский
        return stem + "кий"
    if re.search(r"[внр]ка$", w):  # Сосновка -> сосновский, Игарка -> игарский
        return w[:-2] + "ский"
    return stem + "инский"  # Чита -> читинский, Балашиха -> балашихинский


def city_adjective(name: str) -> tuple[str | None, bool]:
    """(adjective, whether the name is itself an adjective) of a city name by the rules."""
    n = _e(name)
    if " " in n:
        first, _, rest = n.partition(" ")
        if " " in rest:
            return None, False
        if rest == "посад":
            return None, False
        if first in COMBINING:
            return COMBINING[first] + word_adjective(rest), False
        return None, False
    if "-на-" in n:  # Славянск-на-Кубани -> славянский-на-кубани
        head, _, tail = n.partition("-на-")
        return word_adjective(head) + "-на-" + tail, False
    if "-" in n:
        head, _, tail = n.rpartition("-")
        if re.search(r"(?:ий|ый|ой|ое)$", tail):  # Каменск-Уральский (the name itself)
            return head + "-" + (tail[:-2] + "ий" if tail.endswith("ое") else tail), False
        return head + "-" + word_adjective(tail), False  # Южно-Сахалинск, Усть-Кут
    if n.endswith("ой") and is_adjective(n):  # Лесной, Островной (but not Курчалой)
        return n, True
    adjective = word_adjective(n)
    return adjective, adjective == n


def region_adjective(short_name: str) -> str | None:
    """'Смоленская' -> 'смоленский', 'Тверская' -> 'тверской' (the lemmatiser's masculine
    form); None when the short name is not an adjective ('Татарстан', 'Северная Осетия')."""
    head = short_name.split(" - ")[0]
    kept = [w for w in head.split() if _e(w) not in TYPE_WORDS]
    if len(kept) != 1 or not re.search(r"(?:ий|ый|ой|ая)$", _e(kept[0])):
        return None
    return lemma(kept[0])


# --- pymorphy3: the extraction's lemmatiser ---------------------------------------------
_MORPH = pymorphy3.MorphAnalyzer()


def is_adjective(word: str) -> bool:
    """Whether pymorphy3 reads the word as the nominative of an adjective."""
    low = _e(word)
    return any(p.tag.POS == "ADJF" and _e(p.normal_form) == low for p in _MORPH.parse(low))


def lemma(word: str) -> str:
    """The extraction's lemma (src/roadmap_kg/lang/morph.py): the first adjective reading's
    normal form, else the first reading's; lower case, 'ё' as 'е'."""
    low = _e(word)
    readings = _MORPH.parse(low)
    if not readings:
        return low
    chosen = next((p for p in readings if p.tag.POS == "ADJF"), readings[0])
    return chosen.normal_form.replace("ё", "е")


def case_forms(adjective: str) -> list[str]:
    """Nominative and a few inflected forms: -ий/-ого/-ая/-ой."""
    if "-на-" in adjective:
        head, _, tail = adjective.partition("-на-")
        return [f + "-на-" + tail for f in case_forms(head)]
    stem, end = adjective[:-2], adjective[-2:]
    soft = end == "ий" and stem[-1] not in "кгхжшчщ"
    if soft:
        return [adjective, stem + "его", stem + "яя", stem + "ей"]
    return [adjective, stem + "ого", stem + "ая", stem + "ой"]


def lemma_problem(adjective: str) -> str | None:
    """None if every case form lemmatises to the adjective, else a short description."""
    wrong = sorted({f"{form} -> {lemma(form)}" for form in case_forms(adjective)
                    if lemma(form) != adjective})  # fmt: skip
    return "; ".join(wrong) or None


# --- generation ------------------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def capitals(reference: Path, cities: list[dict[str, str]]) -> dict[str, str]:
    """Region ISO -> city key of its administrative centre (DaData's capital_marker 2)."""
    by_codes = {(c["okato"], c["oktmo"]): c for c in cities}
    found: dict[str, str] = {}
    for row in read_csv(reference / "upstream" / "city.csv"):
        city = by_codes.get((row["okato"], row["oktmo"]))
        if row["capital_marker"] == "2" and city is not None:
            found[city["region_iso"]] = city["key"]
    return found


def generate(reference: Path, hand: list[dict[str, str]]) -> list[dict[str, str]]:
    cities = read_csv(reference / "cities.csv")
    regions = read_csv(reference / "regions.csv")
    federal = {r["iso_code"] for r in regions if r["type"] == "город федерального значения"}
    region_of = {c["key"]: c["region_iso"] for c in cities}
    placed = {r["place"] for r in hand if r["status"] == "reviewed"}
    hand_adjectives = {r["adjective"] for r in hand}
    centres = capitals(reference, cities)

    # adjective -> [(place, source note, name is an adjective)]
    candidates: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for city in cities:
        key, name = city["key"], city["name"]
        place = city["region_iso"] if city["region_iso"] in federal else key
        if place in placed:
            continue
        if key in IRREGULAR:
            adjective, is_adjective = IRREGULAR[key], False
            source = f"irregular form of {name}"
        else:
            adjective, is_adjective = city_adjective(name)
            source = f"from city name {name}"
        if adjective:
            candidates[adjective].append((place, source, is_adjective))
    for region in regions:
        adjective = region_adjective(region["short_name"])
        if adjective and region["iso_code"] not in placed:
            centre = centres.get(region["iso_code"], "")
            source = f"from short name {region['short_name']}"
            if any(place == centre for place, _, _ in candidates.get(adjective, [])):
                source += "; the same as its centre's"
            candidates[adjective].append((region["iso_code"], source, False))

    rows = []
    for adjective, found in candidates.items():
        if adjective in hand_adjectives:
            continue
        places = sorted({p for p, _, _ in found})
        # a region gives way to a city in it
        places = [p for p in places if not any(region_of.get(q) == p for q in places)]
        notes = sorted({s for p, s, _ in found if p in places})
        named_adjective = sorted({p for p, _, a in found if a})
        if named_adjective:
            others = [p for p in places if p not in named_adjective]
            note = f"{RULE}a city's name is itself an adjective: {', '.join(named_adjective)}"
            row = {"place": "", "status": "ambiguous",
                   "note": note + (f"; also {', '.join(others)}" if others else "")}  # fmt: skip
        elif len(places) == 1:
            row = {"place": places[0], "status": "generated", "note": "; ".join(notes)}
        elif len({region_of.get(p, p) for p in places}) == 1:
            iso = region_of[places[0]]
            row = {"place": iso, "status": "generated",
                   "note": f"{len(places)} cities in {iso}: {', '.join(places)}"}  # fmt: skip
        else:
            count = "two" if len(places) == 2 else str(len(places))
            row = {"place": "", "status": "ambiguous",
                   "note": f"{RULE}{count} places: {', '.join(places)}"}  # fmt: skip
        if row["status"] == "generated" and lemma_problem(adjective):
            others = sorted({lemma(f) for f in case_forms(adjective)} - {adjective})
            shown = ", ".join(others[:2]) + (" …" if len(others) > 2 else "")
            row["note"] += f"; the lemmatiser reduces its case forms to {shown}"
        rows.append({"adjective": adjective, **row})
    return rows


def build(reference: Path) -> tuple[str, list[str]]:
    """The new file's text and warnings about hand rows."""
    path = reference / TABLE
    existing = read_csv(path) if path.exists() else []
    hand = [r for r in existing if r["status"] in HAND and not r["note"].startswith(RULE)]
    warnings = []
    for row in hand:
        problem = lemma_problem(row["adjective"])
        if problem:
            warnings.append(f"{row['adjective']} ({row['status']}): lemmatiser: {problem}")
    rows = hand + generate(reference, hand)
    rows.sort(key=lambda r: (r["adjective"], r["place"]))
    return render(rows), warnings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=REFERENCE, help="data/reference")
    parser.add_argument("--check", action="store_true", help="only check it is up to date")
    args = parser.parse_args()
    text, warnings = build(args.reference)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    path = args.reference / TABLE
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is not up to date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
