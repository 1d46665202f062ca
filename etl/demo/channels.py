"""How each channel writes an incident down: ticket number, address, coordinates, reporter, extra fields.

Concept: the true incident (what, when, where) is the same whichever channel took it; the record is
not. The 12345 hotline numbers its tickets city-wide and keeps only an address, noisy as operators type
it; 110 numbers calls by the day and sometimes has the caller's fix; a grid member's patrol app stamps
its GPS fix (WGS 84, ~5 m off) and the member's name; a citizen's app drops a GCJ-02 pin and a rough
reverse-geocoded hint; petitions and tasks from above carry an address. Then, as in real exports, about
0.2% of rows break. Each function here fills columns of the incidents frame in place, from its own
random stream.
"""
import numpy as np
import pandas as pd

from etl.demo.noise import address_parts, noisy_addresses
from etl.demo.people import GIVEN, SURNAMES
from etl.demo.profiles import (
    APP_SOURCES,
    ASSIGNERS,
    CITIZEN_NAMING,
    HOTLINE_ATTRIBUTES,
    PETITION_FORMS,
    POLICE_STATIONS,
)
from gis.crs import parse_crs, points_from_storage

NOISE_RATE = {"hotline": 1.0, "police110": 0.5, "petition": 0.5, "assigned": 0.3}  # × noise.SHARES
POLICE_FIX_SHARE, POLICE_FIX_M, PATROL_FIX_M = 0.35, 10.0, 3.5  # 3.5 m an axis: ~5 m off in all
UNIT_SHARE, ROOM_SHARE = 0.65, 0.4  # of addresses in blocks that name the unit; of those, a room too
BROKEN_SHARE = 0.002
METRES_PER_DEGREE = 111_320.0


REF_FORMATS = {  # channel: (format, numbering restarts each day, largest gap to the next number)
    "hotline": ("QD12345-{year}-{n:07d}", False, 4),     # city-wide 12345 sequence
    "police110": ("JJ370212{ymd}{n:04d}", True, 8),      # 接警 number of the day
    "patrol": ("XC{ymd}{n:05d}", True, 2),
    "app": ("APP{ymd}{n:06d}", True, 20),
    "petition": ("XF370212{year}{n:06d}", False, 3),
    "assigned": ("JB370212{year}{n:05d}", False, 2),
}


def ticket_numbers(rng, frame, year):
    """Ticket numbers in each channel's format, rising with time, with gaps (other districts' tickets)."""
    refs = np.empty(len(frame), dtype=object)
    ymd = frame["reported_at"].dt.strftime("%Y%m%d").to_numpy()
    for name, (pattern, daily, gap) in REF_FORMATS.items():
        rows = np.flatnonzero(frame["channel"].to_numpy() == name)
        steps = pd.Series(rng.integers(1, gap + 1, len(rows)))
        numbers = steps.groupby(ymd[rows]).cumsum() if daily else steps.cumsum() + rng.integers(100, 1000)
        refs[rows] = [pattern.format(year=year, ymd=d, n=n) for d, n in zip(ymd[rows], numbers)]
    return refs


def address_book(sites, district):
    """The address book row of every building of ``sites``, in the same order."""
    return district.addresses.set_index("cell_code").loc[sites.buildings["code"]].reset_index()


def write_addresses(rng, frame, sites, district):
    """``address`` and ``truth_address_noise``: noisy standard forms, rough app addresses, none for patrol."""
    n = len(frame)
    book = address_book(sites, district)
    house = book["building_number"].isna().to_numpy()[frame["building"].to_numpy()]
    in_block = (frame["place"] == "building").to_numpy() & ~house
    u = rng.random((4, n))
    micro = frame["true_microgrid_code"].to_numpy(dtype=object)
    with_unit = in_block & (u[0] < UNIT_SHARE) & np.array([isinstance(m, str) and len(m) == 20 for m in micro])
    unit = np.where(with_unit, [f"{int(m[-2:])}单元" if isinstance(m, str) else None for m in micro], None)
    room = np.where(with_unit & (u[1] < ROOM_SHARE),
                    [f"{f}{k:02d}室" for f, k in zip(rng.integers(1, 12, n), rng.integers(1, 3, n))], None)
    tails = np.array(["门口", "附近", "东门", "南侧", "路边", "北门", "对面"], dtype=object)
    tail = np.where(frame["place"] == "open", tails[rng.integers(0, len(tails), n)], None)
    facility = frame["facility"].to_numpy()
    tail = np.where(pd.notna(facility), np.array(["", "内", "门口", "东侧"], dtype=object)[rng.integers(0, 4, n)], tail)
    streets = dict(zip(district.cells["code"], district.cells["name"]))
    street = [streets[g[:9]] for g in frame["true_grid_code"]]
    parts = address_parts(book, frame["building"].to_numpy(), unit, room, tail, facility, street)
    parts.loc[(frame["place"] != "building").to_numpy(), "building"] = None  # 金岭花园门口, not its 3号楼
    rate = frame["channel"].map(NOISE_RATE).fillna(0.0).to_numpy()
    texts, kinds = noisy_addresses(rng, parts, rate, set(district.addresses["compound"]))
    app = _rough(u[2], u[3], parts)
    channel = frame["channel"].to_numpy()
    frame["address"] = np.where(channel == "app", app, np.where(channel == "patrol", None, texts))
    frame["truth_address_noise"] = np.where(channel == "app", np.where(pd.isna(app), None, "rough"),
                                            np.where(channel == "patrol", None, kinds))


def _rough(u, v, parts):
    """An app's reverse-geocoded hint: none (half), a compound or facility "附近", or a district and road."""
    near = np.where(pd.notna(parts["facility"]), parts["facility"], parts["compound"]) + "附近"
    return np.where(u < 0.5, None, np.where(v < 0.6, near, "崂山区" + parts["road"])).astype(object)


def write_coordinates(rng, frame):
    """``x``, ``y``, ``crs``: GCJ-02 pins from the app, WGS 84 GPS fixes (with error) from patrol and 110."""
    n, channel = len(frame), frame["channel"].to_numpy()
    lon, lat = frame["lon"].to_numpy(), frame["lat"].to_numpy()
    x, y, crs = np.full(n, None, dtype=object), np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    error = rng.normal(0.0, 1.0, (2, n))
    police = (channel == "police110") & (rng.random(n) < POLICE_FIX_SHARE)
    for rows, metres in ((channel == "patrol", PATROL_FIX_M), (police, POLICE_FIX_M)):
        dx = error[0, rows] * metres / (METRES_PER_DEGREE * np.cos(np.radians(lat[rows])))
        dy = error[1, rows] * metres / METRES_PER_DEGREE
        x[rows], y[rows], crs[rows] = np.round(lon[rows] + dx, 6), np.round(lat[rows] + dy, 6), "EPSG:4326"
    app = channel == "app"
    gx, gy = points_from_storage(lon[app], lat[app], parse_crs("gcj02"))
    x[app], y[app], crs[app] = np.round(gx, 6), np.round(gy, 6), "GCJ-02"
    frame["x"], frame["y"], frame["crs"] = x, y, crs


def write_reporters(rng, frame, district):
    """Reporters (citizens; for patrol the grid's member) and each channel's own attributes."""
    n, channel = len(frame), frame["channel"].to_numpy()
    full = _names(rng, n)
    honorific = [s + ("女士" if w else "先生") for s, w in zip(full.str[0], rng.random(n) < 0.5)]
    naming = rng.choice(list(CITIZEN_NAMING), n, p=list(CITIZEN_NAMING.values()))
    name = np.where(naming == "honorific", honorific, full).astype(object)
    name[(naming == "anonymous") & np.isin(channel, ["hotline", "app"])] = None
    name[(channel == "app") & (rng.random(n) < 0.3)] = None
    phone = np.array([f"13700{k:06d}" for k in rng.integers(10_000, 1_000_000, n)], dtype=object)
    phone[pd.isna(name) & (channel == "hotline")] = None
    members = district.members.set_index("cell_code")
    patrol = channel == "patrol"
    name[patrol] = members.loc[frame.loc[patrol, "true_grid_code"], "name"].to_numpy()
    phone[patrol] = None
    frame["reporter_name"], frame["reporter_phone"] = name, phone
    frame["attributes"] = _attributes(rng, frame)


def _names(rng, n):
    """Synthetic full names: a common surname and one or two given-name characters."""
    surname = np.array(SURNAMES)[rng.integers(len(SURNAMES), size=n)]
    given = np.array(GIVEN)[rng.integers(len(GIVEN), size=(n, 2))]
    one = rng.random(n) < 0.35
    return pd.Series([s + g[0] + ("" if o else g[1]) for s, g, o in zip(surname, given, one)], dtype=object)


def _attributes(rng, frame):
    """The extra fields each channel's export carries (as its own column names)."""
    def pick(options):
        labels, weights = zip(*options)
        return rng.choice(labels, len(frame), p=np.asarray(weights) / sum(weights))

    hotline = {key: pick(options) for key, options in HOTLINE_ATTRIBUTES.items()}
    app, petition, assigner = pick(APP_SOURCES), pick(PETITION_FORMS), pick(ASSIGNERS)
    repeat = rng.random(len(frame)) < 0.15
    days = rng.choice([3, 5, 7, 15], len(frame))
    out = []
    for i, (channel, grid) in enumerate(zip(frame["channel"], frame["true_grid_code"])):
        out.append({
            "hotline": lambda: {key: str(values[i]) for key, values in hotline.items()},
            "police110": lambda: {"处警单位": POLICE_STATIONS[grid[:9]], "警情性质": "非警务警情"},
            "patrol": lambda: {"所属网格": grid},
            "app": lambda: {"上报方式": str(app[i])},
            "petition": lambda: {"信访形式": str(petition[i]), "重复信访": "是" if repeat[i] else "否"},
            "assigned": lambda: {"交办单位": str(assigner[i]), "办理时限": f"{days[i]}个工作日"},
        }[channel]())
    return out


def break_rows(rng, frame):
    """Break ~0.2% of rows as exports break: half in the coordinates (zeros, swapped), half elsewhere."""
    total = max(4, round(BROKEN_SHARE * len(frame)))
    with_xy = np.flatnonzero(frame["x"].notna().to_numpy())
    coordinate_rows = rng.choice(with_xy, total // 2, replace=False)
    others = np.setdiff1d(np.arange(len(frame)), coordinate_rows)
    other_rows = rng.choice(others, total - total // 2, replace=False)
    kind = np.full(len(frame), None, dtype=object)
    kind[coordinate_rows] = np.resize(["zero_coordinates", "swapped_lonlat"], len(coordinate_rows))
    kind[other_rows] = np.resize(["bad_date", "missing_ref"], len(other_rows))
    frame["truth_broken"] = kind
    frame["true_reported_at"] = frame["reported_at"]
    zero, swapped = kind == "zero_coordinates", kind == "swapped_lonlat"
    frame.loc[zero, ["x", "y"]] = 0.0
    frame.loc[swapped, ["x", "y"]] = frame.loc[swapped, ["y", "x"]].to_numpy()
    frame.loc[kind == "bad_date", "reported_at"] = pd.NaT
    frame.loc[kind == "missing_ref", "source_ref"] = None
