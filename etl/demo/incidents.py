"""A year of synthetic incidents in the demo district, from every channel, with the truth beside them.

Concept: each incident is drawn in three steps — *what* (a channel by the channel mix, then a 小类 by
that channel's weights, :mod:`etl.demo.profiles`), *when* (a day by the category's season × the
channel's weekday rhythm, an hour by the channel's daily cycle) and *where* (a true point in a building,
in open space or in a hotspot facility, :mod:`etl.demo.places`). Then it is written down the way its
channel would: the 12345 hotline keeps only a noisy address (:mod:`etl.demo.noise`), a patrol report
carries its grid member's GPS fix (WGS 84, ~5 m off), a citizen's app report a GCJ-02 pin, a 110
hand-over an address and sometimes a WGS 84 fix, petitions and tasks from above an address. About 0.2%
of rows are broken as real exports are (a date that is no date, (0, 0), lon/lat swapped, no ticket
number). ``records`` holds what the intake reads from the channel files (:func:`etl.demo.exports.write_channel_files`)
and, in ``true_*`` / ``truth_*`` columns, what really happened, so that placement, matching and the
import's problem reports can be measured against it.

Everything is invented and labelled so; the same district and seed give the same incidents. Each step
draws from its own stream (``default_rng(seed).spawn``), so changing how addresses are garbled does not
move a single point.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.category_file import read_category_file
from etl.demo.channels import (
    address_book,
    break_rows,
    ticket_numbers,
    write_addresses,
    write_coordinates,
    write_reporters,
)
from etl.demo.places import Sites, draw_places
from etl.demo.profiles import (
    CATEGORY_PROFILES,
    CATEGORY_TEXT,
    CHANNEL_SHARES,
    CHANNELS,
    HOURS,
    TEXTS,
    UNKNOWN_CATEGORIES,
    WEEKDAYS,
    month_weights,
)

DEMO_YEAR = 2025       # the year of the demo's incidents (its clock stands at the next New Year)

TIMEZONE = "Asia/Shanghai"
UNTITLED = ("police110", "patrol")  # their exports have no title column
COLUMNS = ("row", "channel", "source_ref", "reported_at", "category_text", "title", "description",
           "reporter_name", "reporter_phone", "address", "x", "y", "crs", "attributes")
TRUTH_COLUMNS = ("true_microgrid_code", "true_grid_code", "true_point_lon", "true_point_lat",
                 "true_category_code", "true_reported_at", "truth_place", "truth_address_noise", "truth_broken")


@dataclass
class DemoIncidents:
    """Synthetic incidents of the demo district (:func:`build_demo_incidents`).

    Attributes
    ----------
    records : pandas.DataFrame
        One row per incident, channel by channel (``CHANNELS`` order), oldest first: the intake's
        standard ``COLUMNS`` — ``row`` (1… within its channel), ``channel``, ``source_ref``,
        ``reported_at`` (Asia/Shanghai; NaT where the export's date is broken), ``category_text``,
        ``title``, ``description``, ``reporter_name``, ``reporter_phone``, ``address``, ``x``, ``y`` and
        ``crs`` ('EPSG:4326', 'GCJ-02' or None), ``attributes`` (dict) — then the truth:
        ``true_microgrid_code`` (stairwell, else building, holding the true point; None in open space),
        ``true_grid_code`` (a dedicated grid before the basic grid beneath), ``true_point_lon`` /
        ``true_point_lat`` (EPSG:4490), ``true_category_code`` (小类), ``true_reported_at``,
        ``truth_place`` ('building', 'open', 'facility'), ``truth_address_noise`` (the
        :mod:`etl.demo.noise` kinds applied, comma-separated; '' for the standard form, 'rough' for an
        app's hint, None where the channel gave no address) and ``truth_broken`` ('bad_date', 'missing_ref', 'zero_coordinates',
        'swapped_lonlat' or None).
    note : str
        What is real and what is invented.
    seed, year : int
        As built; a later generator (the case loop) can derive its own streams from them.
    """

    records: pd.DataFrame
    note: str
    seed: int = 42
    year: int = DEMO_YEAR


def build_demo_incidents(district, seed=42, year=DEMO_YEAR, count=50_000, sites_seed=None):
    """A year of synthetic incidents in ``district`` (an ``etl.demo.district.DemoDistrict``).

    Parameters
    ----------
    district : DemoDistrict
    seed : int
        Seed of ``numpy.random.default_rng``, the only source of randomness.
    year : int
        Every incident is reported in this calendar year (Asia/Shanghai time).
    count : int
        Number of incidents; channels get ``CHANNEL_SHARES`` of it exactly.
    sites_seed : int, optional
        Seed of the busyness factors (which compounds, buildings and grids are busy); by default drawn
        from ``seed``'s own stream, as always. A history of several years keeps ``sites_seed`` and changes
        ``seed`` year by year: the same places stay busy while each year's incidents are drawn afresh.

    Returns
    -------
    DemoIncidents
    """
    what, when, where, words, addresses, fixes, people, broken = np.random.default_rng(seed).spawn(8)
    channel, category = _what(what, count)
    reported = _when(when, channel, category, year)
    sites = Sites.of(where if sites_seed is None else np.random.default_rng(sites_seed).spawn(8)[2], district)
    places = draw_places(where, sites, category)
    frame = places.assign(channel=channel, category=category, reported_at=reported)
    frame = frame.sort_values(["channel", "reported_at"], key=_channel_order, kind="stable", ignore_index=True)
    frame["row"] = frame.groupby("channel").cumcount() + 1
    frame["source_ref"] = ticket_numbers(people, frame, year)
    frame["facility"] = _facility_names(frame, sites)
    _words(words, frame, sites, district)
    write_addresses(addresses, frame, sites, district)
    write_coordinates(fixes, frame)
    write_reporters(people, frame, district)
    break_rows(broken, frame)
    return DemoIncidents(_records(frame), _note(seed, year), seed, year)


def _channel_order(column):
    return column.map({c: i for i, c in enumerate(CHANNELS)}) if column.name == "channel" else column


def _what(rng, count):
    """Channel (exact shares) and 小类 of each incident, in a random order."""
    sizes = np.floor(np.asarray(CHANNEL_SHARES) * count).astype(int)
    sizes[0] += count - sizes.sum()
    channel = rng.permutation(np.repeat(np.array(CHANNELS, dtype=object), sizes))
    category = np.empty(count, dtype=object)
    codes = CATEGORY_PROFILES["code"].to_numpy(dtype=object)
    for name in CHANNELS:
        rows = np.flatnonzero(channel == name)
        weights = CATEGORY_PROFILES[name].to_numpy(dtype=float)
        category[rows] = rng.choice(codes, len(rows), p=weights / weights.sum())
    return channel, category


def _when(rng, channel, category, year):
    """Report times: day by season × weekday rhythm, hour by daily cycle, then minute and second."""
    first = np.datetime64(f"{year}-01-01")
    days = np.arange(first, np.datetime64(f"{year + 1}-01-01"))
    month = days.astype("datetime64[M]").astype(int) % 12
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    season = dict(zip(CATEGORY_PROFILES["code"], CATEGORY_PROFILES["season"]))
    day, hour = np.zeros(len(channel), dtype=int), np.zeros(len(channel), dtype=int)
    for (name, code), rows in pd.Series(range(len(channel))).groupby([channel, category]).groups.items():
        rows = rows.to_numpy()
        day[rows] = _draw(rng, month_weights(season[code])[month] * np.asarray(WEEKDAYS[name])[weekday], len(rows))
        cycle = "noise" if code == "0202" and name in ("hotline", "police110", "app") else name
        hour[rows] = _draw(rng, np.asarray(HOURS[cycle], dtype=float), len(rows))
    seconds = day * 86_400 + hour * 3_600 + rng.integers(0, 3_600, len(channel))
    stamps = first.astype("datetime64[s]") + seconds.astype("timedelta64[s]")
    return pd.DatetimeIndex(stamps).tz_localize(TIMEZONE)


def _draw(rng, weights, n):
    """``n`` indices drawn with ``weights`` (inverse CDF)."""
    cdf = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(weights) - 1)


def _words(rng, frame, sites, district):
    """``category_text`` (name, alias or unknown words), ``title`` and ``description`` from templates."""
    tree = {row["code"]: row for row in read_category_file()}
    kind = rng.choice(list(CATEGORY_TEXT), len(frame), p=list(CATEGORY_TEXT.values()))
    pick = rng.random((len(frame), 3))
    texts = []
    for code, k, u in zip(frame["category"], kind, pick[:, 0]):
        aliases = tree[code]["aliases"]
        if k == "unknown":
            texts.append(UNKNOWN_CATEGORIES[int(u * len(UNKNOWN_CATEGORIES))])
        else:
            texts.append(aliases[int(u * len(aliases))] if k == "alias" and aliases else tree[code]["name"])
    frame["category_text"] = texts
    slots = _slots(rng, frame, sites, district)
    titles, descriptions = [], []
    for i, (code, a, b) in enumerate(zip(frame["category"], pick[:, 1], pick[:, 2])):
        title_forms, description_forms = TEXTS[code]
        values = {key: column[i] for key, column in slots.items()}
        titles.append(title_forms[int(a * len(title_forms))].format(**values))
        descriptions.append(description_forms[int(b * len(description_forms))].format(**values))
    untitled = frame["channel"].isin(UNTITLED).to_numpy()  # their exports have no title column
    frame["title"] = np.where(untitled, None, np.array(titles, dtype=object))
    frame["description"] = [_in_voice(text, channel) for text, channel in zip(descriptions, frame["channel"])]


def _in_voice(text, channel):
    """A patrol writes what it found (巡查中居民反映…); a citizen does not say 网格员巡查发现."""
    if channel == "patrol":
        return "巡查中居民" + text if text.startswith("反映") else text
    return text.replace("网格员巡查发现", "群众反映")


def _slots(rng, frame, sites, district):
    """Values of the template slots, one array per slot."""
    n = len(frame)
    book = address_book(sites, district)
    building = book.iloc[frame["building"].to_numpy()]
    house = building["building_number"].isna().to_numpy()
    facility = frame["facility"].to_numpy()
    where = np.where(house, building["road"] + building["door_number"],
                     building["compound"] + building["building_number"].fillna(""))
    where = np.where(frame["place"] == "open", building["compound"].to_numpy() + "附近", where)
    where = np.where(frame["place"] == "facility", facility, where)
    return {"place": where, "floor": [f"{f}楼" for f in rng.integers(1, 19, n)], "n": rng.integers(2, 10, n),
            "days": rng.integers(2, 31, n), "amount": rng.integers(10, 600, n) * 100,
            "temp": rng.integers(12, 17, n), "night": rng.choice(["晚上10点", "晚上11点", "深夜", "凌晨1点"], n)}


def _facility_names(frame, sites):
    """The facility (dedicated grid's name without 专属网格) of each facility place, else None.

    A building inside a dedicated grid keeps its own standard address.
    """
    names = dict(zip(sites.dedicated["code"], sites.dedicated["name"].str.removesuffix("专属网格")))
    return np.array([names.get(code) if place == "facility" else None
                     for code, place in zip(frame["true_grid_code"], frame["place"])], dtype=object)


def _records(frame):
    """The standard columns, then the truth, with None (not NaN) for what is missing."""
    frame = frame.rename(columns={"lon": "true_point_lon", "lat": "true_point_lat", "category": "true_category_code",
                                  "place": "truth_place"})
    records = frame[list(COLUMNS + TRUTH_COLUMNS)].copy()
    for column in records.columns:
        if records[column].dtype == object or pd.api.types.is_string_dtype(records[column]):
            values = records[column].to_numpy(dtype=object)
            records[column] = pd.Series(np.where(pd.isna(values), None, values), dtype=object)
    return records


def _note(seed, year):
    return (f"合成演示数据 (synthetic demo data), built by etl.demo.incidents.build_demo_incidents(seed={seed}, "
            f"year={year}) on the synthetic demo district. Every incident, ticket number, text, name and "
            "phone number is invented (phones 13700xxxxxx are fake); seasons, hotspots and channel habits are "
            "plausible, not measured. It describes no real event or person and must not be used as such.")
