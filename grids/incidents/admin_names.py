"""China's administrative names (provinces, cities, districts and counties) with their GB/T 2260 codes,
and which of them are *this* store's own.

Concept: an address that starts with somewhere else — 北京市朝阳区…, 济南市…, a pseudonymised "I市…" — is
not an address here, however much of the rest (a compound called 海信花园 exists in many cities) matches
the local register. The national list is cpca's (``cpca/resources/adcodes.csv``, GB/T 2260 as of 2020,
MIT); cpca's own matcher is not used, because it reads names anywhere in a text and Qingdao's roads are
named after cities: it takes 香港东路 for Hong Kong, 深圳路 for Shenzhen, 朝阳区 alone for Changchun's
(measured, docs/incidents.md). Here only a *leading* name counts, a short form (北京, 济南) only when no
road word follows it, and a name is this store's own when its code is the store's district, the city or
the province above it, or an old name of the district (即墨市 → 即墨区: the same city, the same stem).
"""
import csv
import functools
import importlib.util
import re
from pathlib import Path

SUFFIXES = ("特别行政区", "维吾尔自治区", "回族自治区", "壮族自治区", "自治区", "自治州", "地区", "盟", "省", "市", "区", "县", "旗")
PSEUDONYM = re.compile(r"^[A-Z]{1,2}(?:省|市|区|县)")     # the pseudonymised prefix of published samples: I市
MAX_NAME = 12


@functools.lru_cache(maxsize=1)
def national_names():
    """Name → the set of 6-digit codes it names, every province, city, district and county (full names)."""
    names = {}
    package = importlib.util.find_spec("cpca").submodule_search_locations[0]   # its data, not its matcher
    with open(Path(package) / "resources" / "adcodes.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["name"] != "市辖区":
                names.setdefault(row["name"], set()).add(row["adcode"][:6])
    return names


def name_of(code):
    """The name of a 6-digit GB/T 2260 code (370200 → 青岛市), or None."""
    return next((name for name, codes in national_names().items() if code in codes), None)


def stem(name):
    """A name without its level word: 即墨市 → 即墨, 崂山区 → 崂山, 山东省 → 山东."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[:-len(suffix)]
    return name


def short_forms():
    """Short form → codes, for provinces and prefecture-level cities (山东, 济南), as people write them."""
    shorts = {}
    for name, codes in national_names().items():
        for code in codes:
            if code.endswith("00") and len(stem(name)) >= 2:
                shorts.setdefault(stem(name), set()).add(code)
    return shorts


def own_codes(districts):
    """The codes that are this store's own: its districts (``{code: name}``), their cities and provinces,
    and the old codes of its districts (a name of the same city with the same stem, 即墨市 370282 for
    即墨区 370215 — also where the national list is older than the district)."""
    names = national_names()
    own = set()
    district_codes = set(districts)
    stems = {stem(name) for name, codes in names.items() if codes & district_codes}
    stems |= {stem(name) for name in districts.values() if name}
    for code in district_codes:
        own |= {code, code[:4] + "00", code[:2] + "0000"}
    for name, codes in names.items():
        if stem(name) in stems:
            own |= {c for c in codes if c[:4] in {d[:4] for d in district_codes}}
    return own
